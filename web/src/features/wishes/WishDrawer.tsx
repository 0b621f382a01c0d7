import { useState } from 'react';
import { App, Button, DatePicker, Descriptions, Drawer, Form, Image, Input, Modal, Radio, Select, Space, Tag, Timeline } from 'antd';
import type { UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { errorText } from '../../app/api';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { HelperKind, WishAction, WishActionBody, WishDetail } from '../../app/contract';
import { PhotoUpload, photoRule, toPhotoInputs } from '../appeals/photos';
import { useWish, useWishAction } from './api';
import { useUnits } from '../volunteers/api';
import { HelperSelect } from '../volunteers/HelperSelect';
import { ACTION_LABELS, HELPER_LABELS, STATUS_COLORS, STATUS_LABELS } from './labels';

interface Values {
  helperKind?: HelperKind;
  helperName?: string;
  helperPhone?: string;
  /** A registered person picked: the claim is theirs (the name and kind below follow them). */
  helperId?: string;
  /** A paired unit picked: the claim is the unit's own deed. */
  unitId?: string;
  photos?: UploadFile[];
  takenOn?: Dayjs;
  method?: 'callback' | 'signature';
  thanks?: string;
  note?: string;
}

const FROM_PERSON: Record<string, HelperKind> = { party_member: 'member', volunteer: 'volunteer', social_worker: 'volunteer', donor: 'donor' };

/**
 * Picks who helps: a person registered with the wish's community (the claim then counts as their deed,
 * as on their phone), or a paired unit of it (the claim counts as the unit's deed). Anyone else is typed by hand.
 */
function RegisteredPicker({ community, onPick }: { community: string; onPick: (p: { kind: HelperKind; name: string; helperId?: string; unitId?: string } | null) => void }) {
  const { t } = useI18n();
  const units = useUnits();
  const [unit, setUnit] = useState<string>();
  const [person, setPerson] = useState<string>();
  return (
    <Space.Compact block>
      <HelperSelect
        within={community}
        allowClear
        value={person}
        placeholder={t('wishes:someone-registered-a-name-or-full-phone-number')}
        testId="wish-helper-pick"
        onChange={(v) => {
          setPerson(v);
          setUnit(undefined);
          if (!v) onPick(null);
        }}
        onPick={(h) => h && onPick({ kind: FROM_PERSON[h.kind] ?? 'volunteer', name: h.name, helperId: h.id })}
      />
      <Select
        allowClear
        value={unit}
        style={{ minWidth: 160 }}
        placeholder={t('wishes:paired-unit')}
        options={(units.data?.items ?? []).filter((u) => community.startsWith(u.regionCode)).map((u) => ({ value: u.id, label: u.name }))}
        onChange={(v: string | undefined) => {
          setUnit(v);
          setPerson(undefined);
          const u = units.data?.items.find((x) => x.id === v);
          onPick(u ? { kind: 'unit', name: u.name, unitId: u.id } : null);
        }}
      />
    </Space.Compact>
  );
}

/** The inputs a step needs, from the same action names the server's workflow has. */
function ActionModal({ wish, action, onClose }: { wish: WishDetail; action: WishAction | null; onClose: () => void }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const run = useWishAction();
  const pickedPerson = Form.useWatch('helperId', form);
  const pickedUnit = Form.useWatch('unitId', form);
  const picked = !!pickedPerson || !!pickedUnit;
  if (!action) return null;
  const submit = async () => {
    const v = await form.validateFields();
    const body: WishActionBody = { version: wish.version, note: v.note?.trim() || undefined };
    if (action === 'claim' || action === 'join')
      body.helper = v.helperId
        ? { kind: v.helperKind!, name: v.helperName!.trim(), helperId: v.helperId }
        : v.unitId
          ? { kind: 'unit', name: v.helperName!.trim(), unitId: v.unitId }
          : { kind: v.helperKind!, name: v.helperName!.trim(), phone: v.helperPhone?.trim() || undefined };
    if (action === 'fulfil') {
      body.photo = (await toPhotoInputs(v.photos))?.[0];
      body.takenOn = v.takenOn?.format('YYYY-MM-DD');
    }
    if (action === 'confirm') body.method = v.method;
    if (action === 'thank') body.thanks = v.thanks?.trim();
    try {
      await run.mutateAsync({ id: wish.id, action, body });
      message.success(`${tl(ACTION_LABELS[action])} ✓`);
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open title={tl(ACTION_LABELS[action])} onOk={submit} onCancel={onClose} confirmLoading={run.isPending} destroyOnHidden okButtonProps={{ 'data-testid': 'wish-action-submit' } as Record<string, string>}>
      <Form form={form} layout="vertical" initialValues={{ helperKind: 'unit', takenOn: dayjs(), method: 'callback' }}>
        {(action === 'claim' || action === 'join') && (
          <>
            <Form.Item label={t('wishes:pick-someone-registered-or-a-paired-unit')}>
              <RegisteredPicker
                community={wish.regionCode.slice(0, 12)}
                onPick={(p) => form.setFieldsValue(p ? { helperKind: p.kind, helperName: p.name, helperId: p.helperId, unitId: p.unitId } : { helperId: undefined, unitId: undefined })}
              />
            </Form.Item>
            <Form.Item name="helperId" hidden>
              <Input />
            </Form.Item>
            <Form.Item name="unitId" hidden>
              <Input />
            </Form.Item>
            <Form.Item name="helperKind" label={t('wishes:helper')}>
              <Select disabled={picked} options={(Object.keys(HELPER_LABELS) as HelperKind[]).map((k) => ({ value: k, label: tl(HELPER_LABELS[k]) }))} />
            </Form.Item>
            <Form.Item name="helperName" label={t('wishes:name-2')} rules={[{ required: true, whitespace: true, message: t('wishes:name-the-helper') }]}>
              <Input maxLength={100} disabled={picked} data-testid="wish-helper-name" />
            </Form.Item>
            {!picked && (
              <Form.Item name="helperPhone" label={t('wishes:phone-stored-encrypted')}>
                <Input maxLength={20} />
              </Form.Item>
            )}
          </>
        )}
        {action === 'fulfil' && (
          <>
            <Form.Item name="photos" label={t('wishes:photo')} valuePropName="value" rules={[{ required: true, message: t('wishes:add-a-photo') }, photoRule(t)]}>
              <PhotoUpload testId="wish-photo" />
            </Form.Item>
            <Form.Item name="takenOn" label={t('wishes:taken-on')} rules={[{ required: true, message: t('wishes:choose-the-date') }]}>
              <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </>
        )}
        {action === 'confirm' && (
          <Form.Item name="method" label={t('wishes:how-it-was-confirmed')} extra={t('wishes:a-signature-is-taken-on-a-phone-the-grid-workers')}>
            <Radio.Group options={[{ value: 'callback', label: t('wishes:a-callback') }]} />
          </Form.Item>
        )}
        {action === 'thank' && (
          <Form.Item name="thanks" label={t('wishes:the-thanks-shown-on-the-wall')} rules={[{ required: true, whitespace: true, message: t('wishes:write-the-thanks') }]}>
            <Input.TextArea maxLength={300} rows={3} data-testid="wish-thanks" />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('wishes:note')}>
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function WishDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t, tl } = useI18n();
  const wish = useWish(id);
  const [action, setAction] = useState<WishAction | null>(null);
  const w = wish.data;
  return (
    <Drawer open={!!id} onClose={onClose} width={560} title={w ? `${w.initial} · ${w.content}` : t('wishes:wish')} data-testid="wish-drawer">
      {w && (
        <>
          <Space wrap style={{ marginBottom: 16 }}>
            {w.actions.map((a) => (
              <Button key={a} type={a === 'withdraw' ? 'default' : 'primary'} danger={a === 'withdraw'} onClick={() => setAction(a)} data-testid={`wish-action-${a}`}>
                {tl(ACTION_LABELS[a])}
              </Button>
            ))}
          </Space>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('wishes:status')}>
              <Tag color={STATUS_COLORS[w.status]} data-testid="wish-drawer-status">
                {tl(STATUS_LABELS[w.status])}
              </Tag>
              {w.late && <Tag color="red">{t('wishes:fulfilled-late')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('wishes:campaign')}>{w.campaignName}</Descriptions.Item>
            <Descriptions.Item label={t('wishes:recipient')}>
              {w.initial} · {w.age}
              {t('wishes:y')} · {w.communityName}
            </Descriptions.Item>
            <Descriptions.Item label={t('wishes:helpers')}>{w.helpers.map((h) => `${tl(HELPER_LABELS[h.kind])} ${h.name}${h.phone ? ` ${h.phone}` : ''}`).join('；') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('wishes:fulfilled-on')}>{w.fulfilledOn ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('wishes:thanks')}>{w.thanks ?? '—'}</Descriptions.Item>
          </Descriptions>
          {w.photos.some((p) => p.kind === 'fulfilment') && (
            <Space style={{ marginTop: 16 }}>
              {w.photos
                .filter((p) => p.kind === 'fulfilment')
                .map((p) => (
                  <Image key={p.id} width={120} src={`/api/wishes/${w.id}/photos/${p.id}`} alt={p.takenOn} />
                ))}
            </Space>
          )}
          {w.photos
            .filter((p) => p.kind === 'signature')
            .map((p) => (
              <div key={p.id} style={{ marginTop: 16 }} data-testid="wish-signature">
                <div style={{ color: '#888', fontSize: 12 }}>{t('wishes:signed-for-by-the-recipient-or-guardian-takenon', { takenOn: p.takenOn })}</div>
                <Image width={240} src={`/api/wishes/${w.id}/photos/${p.id}`} alt={t('wishes:signature')} style={{ border: '1px solid #eee' }} />
              </div>
            ))}
          <Timeline
            style={{ marginTop: 24 }}
            items={w.events.map((e) => ({
              children: (
                <>
                  <div>
                    {e.action === 'collect' ? t('wishes:collected') : tl(ACTION_LABELS[e.action as WishAction])} · {e.actorName}
                  </div>
                  <div style={{ color: '#888', fontSize: 12 }}>
                    {formatTime(e.at)}
                    {e.note ? ` · ${e.note}` : ''}
                  </div>
                </>
              ),
            }))}
          />
          <ActionModal key={action ?? 'none'} wish={w} action={action} onClose={() => setAction(null)} />
        </>
      )}
    </Drawer>
  );
}
