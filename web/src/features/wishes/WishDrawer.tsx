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
import { useHelpers, useUnits } from '../volunteers/api';
import { ACTION_LABELS, HELPER_LABELS, STATUS_COLORS, STATUS_LABELS } from './labels';

interface Values {
  helperKind?: HelperKind;
  helperName?: string;
  helperPhone?: string;
  photos?: UploadFile[];
  takenOn?: Dayjs;
  method?: 'callback' | 'signature';
  thanks?: string;
  note?: string;
}

const FROM_PERSON: Record<string, HelperKind> = { party_member: 'member', volunteer: 'volunteer', social_worker: 'volunteer', donor: 'donor' };

/** Fills the helper from the people registered (党员报到) and the paired units, when there are some. */
function RegisteredPicker({ onPick }: { onPick: (kind: HelperKind, name: string) => void }) {
  const { t } = useI18n();
  const units = useUnits();
  const people = useHelpers({}, 1, 200);
  const options = [
    ...(units.data?.items ?? []).map((u) => ({ value: `unit:${u.id}`, label: `${u.name}（${t('wishes:paired-unit')}）`, kind: 'unit' as HelperKind, name: u.name })),
    ...(people.data?.items ?? []).map((h) => ({ value: `helper:${h.id}`, label: `${h.name} · ${h.regionName}`, kind: FROM_PERSON[h.kind] ?? 'volunteer', name: h.name })),
  ];
  return (
    <Select
      showSearch
      allowClear
      optionFilterProp="label"
      placeholder={t('wishes:optional')}
      options={options}
      onChange={(v: string | undefined) => {
        const o = options.find((x) => x.value === v);
        if (o) onPick(o.kind, o.name);
      }}
    />
  );
}

/** The inputs a step needs, from the same action names the server's workflow has. */
function ActionModal({ wish, action, onClose }: { wish: WishDetail; action: WishAction | null; onClose: () => void }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const run = useWishAction();
  if (!action) return null;
  const submit = async () => {
    const v = await form.validateFields();
    const body: WishActionBody = { version: wish.version, note: v.note?.trim() || undefined };
    if (action === 'claim' || action === 'join') body.helper = { kind: v.helperKind!, name: v.helperName!.trim(), phone: v.helperPhone?.trim() || undefined };
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
              <RegisteredPicker onPick={(kind, name) => form.setFieldsValue({ helperKind: kind, helperName: name })} />
            </Form.Item>
            <Form.Item name="helperKind" label={t('wishes:helper')}>
              <Select options={(Object.keys(HELPER_LABELS) as HelperKind[]).map((k) => ({ value: k, label: tl(HELPER_LABELS[k]) }))} />
            </Form.Item>
            <Form.Item name="helperName" label={t('wishes:name-2')} rules={[{ required: true, whitespace: true, message: t('wishes:name-the-helper') }]}>
              <Input maxLength={100} data-testid="wish-helper-name" />
            </Form.Item>
            <Form.Item name="helperPhone" label={t('wishes:phone-stored-encrypted')}>
              <Input maxLength={20} />
            </Form.Item>
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
