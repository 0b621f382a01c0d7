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
import { chinaTime, FINDING_LABELS, findingHints, OUTCOME_LABELS } from './labels';
import { compressPhoto, MAX_PHOTOS, type VisitPhoto } from './photos';
import { useWorker } from './state';
import { RepeatsPanel } from './RepeatsPanel';
import { saveVisit } from './sync';
import { emptyDraft, pickFinding, toSubmission, validate, type VisitDraft } from './visitDraft';
import { useI18n } from '../../shared/i18n';

export default function VisitPage() {
  const { t } = useI18n();
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
        <p>{t('worker:this-household-was-not-found-todays-plan-may')}</p>
        <Link to="/w/">{t('worker:back-to-todays-plan')}</Link>
      </div>
    );
  }
  return <VisitForm key={household.id} pkg={pkg} household={household} planItem={planItem ?? null} searched={!!searched} />;
}

function LocationText({ state }: { state: Locating }) {
  const { t } = useI18n();
  if (state.kind === 'locating') return <span className="m-muted">{t('worker:locating-no-need-to-wait-fill-in-the-form')}</span>;
  if (state.kind === 'ok') return <span className="m-ok">{t('worker:located-within-about-accuracy-m', { accuracy: Math.max(1, Math.round(state.at.accuracy)) })}</span>;
  return <span className="m-muted">{t('worker:not-located-reason-the-visit-saves-all-the-same', { reason: state.reason })}</span>;
}

function VisitForm({ pkg, household, planItem, searched }: { pkg: OfflinePackage; household: HouseholdCard; planItem: PlanItem | null; searched: boolean }) {
  const navigate = useNavigate();
  const s = useWorker();
  const { t, tl, language } = useI18n();
  const catalog = useMemo(() => makeCatalog(pkg, s.tags, s.vocabulary, language), [pkg, s.tags, s.vocabulary, language]);
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
      Toast.show({ content: t('worker:some-fields-need-attention-see-the-red-notes') });
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
      Toast.show({ icon: 'success', content: s.online ? t('worker:saved-uploading') : t('worker:saved-on-the-phone-uploads-once-online') });
      navigate('/w/', { replace: true });
    } catch (e) {
      setSaveError(t('worker:could-not-save-on-the-phone-message-remove-some', { message: (e as Error).message }));
    } finally {
      setSaving(false);
    }
  };

  const hints = findingHints(t);
  const findings = (Object.keys(FINDING_LABELS) as VisitFinding[]).map((f) => ({ value: f, label: tl(FINDING_LABELS[f]), hint: hints[f] }));

  return (
    <div className="w-form" data-testid="visit-form">
      <Link to={planItem ? '/w/' : '/w/households'} className="w-back" data-testid="visit-back">
        {planItem ? t('worker:back-to-today') : t('worker:back-to-households')}
      </Link>
      <HouseholdInfo household={household} catalog={catalog} lastVisitUnknown={searched} />
      {s.online && (
        <Link to={`/w/wish/${household.id}`} className="w-link w-pad" data-testid="visit-wish">
          {t('worker:collect-a-wish')}
        </Link>
      )}
      {s.online && (
        <Link to={`/w/topic/${household.id}`} className="w-link w-pad" data-testid="visit-topic">
          {t('worker:a-resident-proposes-a-meeting-topic')}
        </Link>
      )}
      {planItem && <div className="w-reason w-pad">{t('worker:on-the-plan-because-reason', { reason: planItem.reason })}</div>}

      <section className="m-card">
        <Field label={t('worker:check-in-time')}>
          <div data-testid="visit-checkin">{chinaTime(checkInAt)}</div>
        </Field>
        <Field label={t('mobile:location')}>
          <div data-testid="visit-location" data-state={position.kind}>
            <LocationText state={position} />
          </div>
        </Field>
        <Field label={t('worker:outcome')} required>
          <Chips
            options={(Object.keys(OUTCOME_LABELS) as VisitOutcome[]).map((o) => ({ value: o, label: tl(OUTCOME_LABELS[o]) }))}
            isOn={(v) => draft.outcome === v}
            onPick={(outcome) => change({ outcome })}
            testId="visit-outcome"
          />
        </Field>
        {met && (
          <Field label={t('worker:who-you-met')} required error={errors.metWith}>
            <Input value={draft.metWith} onChange={(metWith) => change({ metWith })} placeholder={t('worker:e-g-the-head-of-household-mr-zhang-and-his')} maxLength={100} clearable data-testid="visit-met-with" />
          </Field>
        )}
        <Field label={met ? t('worker:notes') : t('worker:what-happened')} error={errors.situation}>
          <div className="w-textarea" data-testid="visit-situation">
            <TextArea
              value={draft.situation}
              onChange={(situation) => change({ situation })}
              placeholder={met ? t('worker:how-the-family-is-doing-health-daily-life') : t('worker:e-g-nobody-answered-left-a-contact-card-on-the')}
              autoSize={{ minRows: 2, maxRows: 8 }}
              maxLength={2000}
            />
          </div>
        </Field>
      </section>

      {met && (
        <section className="m-card">
          <Field label={t('worker:what-you-found')} required>
            <Chips options={findings} isOn={(v) => draft.finding === v} onPick={(finding) => setDraft((d) => ({ ...d, ...pickFinding(d, finding) }))} testId="visit-finding" />
          </Field>
          <FindingFields draft={draft} change={change} errors={errors} household={household} categories={pkg.categories} catalog={catalog} />
        </section>
      )}
      {met && draft.finding === 'appeal' && (
        <RepeatsPanel
          householdId={household.id}
          content={draft.content}
          categoryCode={draft.categoryCode}
          position={position.kind === 'ok' ? { lon: position.at.lon, lat: position.at.lat } : null}
          online={s.online}
          onJoined={(number) =>
            setDraft((d) => {
              const problem = d.content.trim();
              const note = t('worker:me-too-the-resident-was-counted-as-affected-by', { number, problem });
              return { ...d, finding: 'nothing', situation: [d.situation.trim(), note].filter(Boolean).join('\n') };
            })
          }
        />
      )}

      <section className="m-card">
        <Field label={t('worker:photos-optional-up-to-max-photos', { MAX_PHOTOS })} error={photoError ?? undefined}>
          <ImageUploader
            value={photos}
            onChange={setPhotos}
            maxCount={MAX_PHOTOS}
            multiple
            accept="image/*"
            onCountExceed={(n) => setPhotoError(t('mobile:up-to-max-photos-photos-the-n-extra-were-not', { MAX_PHOTOS, n }))}
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
          loadingText={processing > 0 ? t('worker:preparing-photos') : t('worker:saving')}
          disabled={processing > 0}
          onClick={() => void save()}
          data-testid="visit-submit"
        >
          {t('worker:save-visit-record')}
        </Button>
        <p className="m-privacy">{s.online ? t('worker:uploads-after-saving') : t('worker:no-network-now-kept-on-the-phone-first-uploaded')}</p>
      </div>
    </div>
  );
}
