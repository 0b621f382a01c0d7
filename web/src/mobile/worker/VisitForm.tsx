/**
 * 走访登记: logging one visit at the door. Saved to the phone first (works without signal); the queue
 * uploads it. The check-in time is when the form opened; the position is asked for once and never
 * waited for.
 */
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Button, ImageUploader, Input, TextArea, Toast, type ImageUploadItem } from 'antd-mobile';
import type { HouseholdCard, OfflinePackage, PlanItem, VisitFinding, VisitOutcome } from '../../app/contract';
import { catalog as makeCatalog } from './catalog';
import { Chips } from './Chips';
import { Field, FindingFields } from './FindingFields';
import { locate, type Locating } from './geo';
import { HouseholdInfo } from './HouseholdInfo';
import { chinaTime, FINDING_HINT, FINDING_TEXT, OUTCOME_TEXT } from './labels';
import { compressPhoto, MAX_PHOTOS, type VisitPhoto } from './photos';
import { useWorker } from './state';
import { saveVisit } from './sync';
import { emptyDraft, toSubmission, validate, type VisitDraft } from './visitDraft';

export default function VisitPage() {
  const { householdId } = useParams();
  const [search] = useSearchParams();
  const { pkg, extra } = useWorker();
  const planItem = pkg?.plan.items.find((i) => i.id === search.get('item')) ?? pkg?.plan.items.find((i) => i.household.id === householdId && i.status !== 'swapped_out');
  const fromPackage = pkg?.households.find((h) => h.id === householdId) ?? planItem?.household;
  const searched = fromPackage ? undefined : extra.find((h) => h.id === householdId);
  const household = fromPackage ?? searched;
  if (!pkg || !household) {
    return (
      <div className="m-card">
        <p>没有找到这户人家。可能今天的计划已经更新，请回到计划重新选择。</p>
        <Link to="/w/">回到今日计划</Link>
      </div>
    );
  }
  return <VisitForm key={household.id} pkg={pkg} household={household} planItem={planItem ?? null} searched={!!searched} />;
}

function LocationText({ state }: { state: Locating }) {
  if (state.kind === 'locating') return <span className="m-muted">正在定位…（不用等，可以直接填写）</span>;
  if (state.kind === 'ok') return <span className="m-ok">已定位（精度约 {Math.max(1, Math.round(state.at.accuracy))} 米）</span>;
  return <span className="m-muted">未定位：{state.reason}。不影响保存。</span>;
}

function VisitForm({ pkg, household, planItem, searched }: { pkg: OfflinePackage; household: HouseholdCard; planItem: PlanItem | null; searched: boolean }) {
  const navigate = useNavigate();
  const s = useWorker();
  const catalog = useMemo(() => makeCatalog(pkg, s.tags, s.vocabulary), [pkg, s.tags, s.vocabulary]);
  const [checkInAt] = useState(() => new Date().toISOString());
  const [position, setPosition] = useState<Locating>({ kind: 'locating' });
  const [draft, setDraft] = useState<VisitDraft>(() => emptyDraft(household));
  const [photos, setPhotos] = useState<ImageUploadItem[]>([]);
  const [photoError, setPhotoError] = useState<string | null>(null);
  /** Photos still being shrunk: saving now would leave them out. */
  const [processing, setProcessing] = useState(0);
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void locate().then((r) => live && setPosition(r));
    return () => {
      live = false;
    };
  }, []);

  const errors = tried ? validate(draft, household) : {};
  const change = (patch: Partial<VisitDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const met = draft.outcome === 'met';

  const save = async () => {
    if (processing > 0) return;
    setTried(true);
    setSaveError(null);
    const problems = validate(draft, household);
    if (Object.keys(problems).length) {
      Toast.show({ content: '还有内容没填好，请看红色提示' });
      requestAnimationFrame(() => document.querySelector('.w-app .has-error, .w-app .m-field-error')?.scrollIntoView({ behavior: 'smooth', block: 'center' }));
      return;
    }
    setSaving(true);
    try {
      const body = toSubmission(
        { ...draft, photos: photos.map((p) => p.extra as VisitPhoto) },
        { household, planItemId: planItem?.id ?? null, checkInAt, position: position.kind === 'ok' ? position.at : null },
      );
      await saveVisit(body, household.address);
      Toast.show({ icon: 'success', content: s.online ? '已保存，正在上传' : '已保存在手机里，联网后自动上传' });
      navigate('/w/', { replace: true });
    } catch (e) {
      setSaveError(`没能保存到手机：${(e as Error).message}。请删掉几张照片或清理手机空间后再试。`);
    } finally {
      setSaving(false);
    }
  };

  const findings = (Object.keys(FINDING_TEXT) as VisitFinding[]).map((f) => ({ value: f, label: FINDING_TEXT[f], hint: FINDING_HINT[f] }));

  return (
    <div className="w-form" data-testid="visit-form">
      <Link to={planItem ? '/w/' : '/w/households'} className="w-back" data-testid="visit-back">
        ‹ 返回{planItem ? '今日计划' : '住户'}
      </Link>
      <HouseholdInfo household={household} catalog={catalog} lastVisitUnknown={searched} />
      {planItem && <div className="w-reason w-pad">列入计划的原因：{planItem.reason}</div>}

      <section className="m-card">
        <Field label="签到时间">
          <div data-testid="visit-checkin">{chinaTime(checkInAt)}</div>
        </Field>
        <Field label="位置">
          <div data-testid="visit-location" data-state={position.kind}>
            <LocationText state={position} />
          </div>
        </Field>
        <Field label="走访结果" required>
          <Chips
            options={(Object.keys(OUTCOME_TEXT) as VisitOutcome[]).map((o) => ({ value: o, label: OUTCOME_TEXT[o] }))}
            isOn={(v) => draft.outcome === v}
            onPick={(outcome) => change({ outcome })}
            testId="visit-outcome"
          />
        </Field>
        {met && (
          <Field label="见到了谁" required error={errors.metWith}>
            <Input value={draft.metWith} onChange={(metWith) => change({ metWith })} placeholder="如：户主张大爷、他的儿媳" maxLength={100} clearable data-testid="visit-met-with" />
          </Field>
        )}
        <Field label={met ? '情况记录' : '情况说明'} error={errors.situation}>
          <div className="w-textarea" data-testid="visit-situation">
            <TextArea
              value={draft.situation}
              onChange={(situation) => change({ situation })}
              placeholder={met ? '家里近况、身体、生活、邻里关系，群众说了什么（可不填）' : '如：敲门无人应答，已在门上留联系卡（可不填）'}
              autoSize={{ minRows: 2, maxRows: 8 }}
              maxLength={2000}
            />
          </div>
        </Field>
      </section>

      {met && (
        <section className="m-card">
          <Field label="发现事项" required>
            <Chips options={findings} isOn={(v) => draft.finding === v} onPick={(finding) => change({ finding })} testId="visit-finding" />
          </Field>
          <FindingFields draft={draft} change={change} errors={errors} household={household} categories={pkg.categories} catalog={catalog} />
        </section>
      )}

      <section className="m-card">
        <Field label={`照片（可不拍，最多 ${MAX_PHOTOS} 张）`} error={photoError ?? undefined}>
          <ImageUploader
            value={photos}
            onChange={setPhotos}
            maxCount={MAX_PHOTOS}
            multiple
            accept="image/*"
            onCountExceed={(n) => setPhotoError(`最多 ${MAX_PHOTOS} 张，多出的 ${n} 张没有加入`)}
            upload={async (file) => {
              setPhotoError(null);
              setProcessing((n) => n + 1);
              try {
                const p = await compressPhoto(file);
                return { url: `data:${p.mime};base64,${p.data}`, extra: p };
              } catch (e) {
                setPhotoError((e as Error).message);
                throw e;
              } finally {
                setProcessing((n) => n - 1);
              }
            }}
            data-testid="visit-photos"
          />
        </Field>
      </section>

      <div className="w-submit">
        {saveError && (
          <div className="m-error" role="alert" data-testid="visit-save-error">
            {saveError}
          </div>
        )}
        <Button
          block
          color="primary"
          size="large"
          loading={saving || processing > 0}
          loadingText={processing > 0 ? '照片处理中…' : '正在保存'}
          disabled={processing > 0}
          onClick={() => void save()}
          data-testid="visit-submit"
        >
          保存走访记录
        </Button>
        <p className="m-privacy">{s.online ? '保存后自动上传。' : '现在没有网络：先存在手机里，联网后自动上传。'}</p>
      </div>
    </div>
  );
}
