import { useState } from 'react';
import { App, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { errorText } from '../../app/api';
import { chinaToday } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { MediationActBody, MediationAction, MediationCase } from '../../app/contract';
import { asPhoto, useAct, useBodies } from './api';
import { ACTION } from './labels';

/** The steps that may carry photos or a signed copy (as the server takes them). */
const WITH_FILES: MediationAction[] = ['hold_session', 'agree', 'revise_agreement', 'check', 'performed', 'failed'];

type Values = { [k: string]: string | boolean | Record<string, string> | undefined; resp?: Record<string, string> };

/** One step of the workflow with what it needs: a session's notes, the agreement, a dated check… */
export function ActionModal({ c, action, onClose }: { c: MediationCase; action: MediationAction; onClose: () => void }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const act = useAct(c.id);
  const bodies = useBodies();
  const today = chinaToday().format('YYYY-MM-DD');
  const latest = c.agreements[0];
  const bodyOf = (v: Values): MediationActBody => {
    const s = (k: string) => (typeof v[k] === 'string' && v[k] !== '' ? (v[k] as string) : undefined);
    const base: MediationActBody = { version: c.version, reason: s('reason') };
    switch (action) {
      case 'hold_session':
        return { ...base, session: { heldOn: s('heldOn')!, place: s('place')!, attendees: s('attendees')!, hardship: s('hardship') ?? '', crux: s('crux') ?? '', reconcile: s('reconcile') ?? '' } };
      case 'agree':
      case 'revise_agreement':
        return {
          ...base,
          agreement: {
            facts: s('facts')!,
            manner: s('manner')!,
            deadline: s('deadline')!,
            effectiveOn: s('effectiveOn')!,
            responsibilities: Object.entries(v.resp ?? {})
              .filter(([, text]) => !!text)
              .map(([partyId, text]) => ({ partyId, text })),
          },
        };
      case 'schedule_session':
        return { ...base, schedule: { on: s('on')!, place: s('place')! } };
      case 'check':
      case 'performed':
      case 'failed':
        return { ...base, check: { checkedOn: s('checkedOn')!, note: s('note')! } };
      case 'refer':
        return { ...base, referral: { to: s('to') as 'court' | 'arbitration' | 'department', name: s('name')! } };
      case 'transfer':
        return { ...base, transfer: { bodyId: s('bodyId')! } };
      case 'apply_confirmation':
      case 'court_accept':
      case 'court_decide':
        return { ...base, court: { on: s('on')!, note: s('note'), ...(action === 'court_decide' ? { granted: v.granted === true || v.granted === 'yes' } : {}) } };
      default:
        return base;
    }
  };
  const [files, setFiles] = useState<File[]>([]);
  const submit = async (v: Values) => {
    try {
      await act.mutateAsync({ action, body: { ...bodyOf(v), ...(files.length ? { photos: await Promise.all(files.map(asPhoto)) } : {}) } });
      const step = tl(ACTION[action]);
      message.success(t('mediation:done-step', { step }));
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const date = (name: string, label: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true }]}>
      <Input type="date" data-testid={`mediation-field-${name}`} />
    </Form.Item>
  );
  const text = (name: string, label: string, required = true, rows = 2) => (
    <Form.Item name={name} label={label} rules={[{ required }]}>
      <Input.TextArea rows={rows} data-testid={`mediation-field-${name}`} />
    </Form.Item>
  );
  const fields = () => {
    switch (action) {
      case 'accept':
      case 'investigate':
        return <Typography.Paragraph>{t('mediation:take-this-step')}</Typography.Paragraph>;
      case 'decline':
        return text('reason', t('mediation:why-the-parties-are-told'));
      case 'no_agreement':
      case 'close':
        return text('reason', t('mediation:note'), false);
      case 'schedule_session':
        return (
          <>
            {date('on', t('mediation:session-date'))}
            {text('place', t('mediation:place'), true, 1)}
          </>
        );
      case 'hold_session':
        return (
          <>
            {date('heldOn', t('mediation:date'))}
            {text('place', t('mediation:place'), true, 1)}
            {text('attendees', t('mediation:who-came'), true, 1)}
            {text('hardship', t('mediation:1-the-hardship-the-parties-speak'), false)}
            {text('crux', t('mediation:2-the-crux-what-the-dispute-turns-on'), false)}
            {text('reconcile', t('mediation:3-reconciliation-feelings-reason-law'), false)}
          </>
        );
      case 'agree':
      case 'revise_agreement':
        return (
          <>
            {text('facts', t('mediation:the-facts-and-what-is-in-dispute'), true, 3)}
            {c.parties.map((p) => (
              <Form.Item key={p.id} name={['resp', p.id]} label={t('mediation:name-responsibility', { name: p.name })}>
                <Input.TextArea rows={2} data-testid={`mediation-field-resp-${p.side}`} />
              </Form.Item>
            ))}
            {text('manner', t('mediation:manner-of-performance'))}
            {date('deadline', t('mediation:deadline-of-performance'))}
            {date('effectiveOn', t('mediation:in-effect-from-the-day-all-signed'))}
          </>
        );
      case 'check':
      case 'performed':
      case 'failed':
        return (
          <>
            {date('checkedOn', t('mediation:checked-on'))}
            {text('note', t('mediation:what-was-found'))}
          </>
        );
      case 'refer':
        return (
          <>
            <Form.Item name="to" label={t('mediation:refer-to')} rules={[{ required: true }]}>
              <Radio.Group options={[{ value: 'court', label: t('mediation:a-court') }, { value: 'arbitration', label: t('mediation:arbitration') }, { value: 'department', label: t('mediation:a-department') }]} />
            </Form.Item>
            {text('name', t('mediation:name-of-the-receiver'), true, 1)}
          </>
        );
      case 'transfer':
        return (
          <>
            <Form.Item name="bodyId" label={t('mediation:to-the-body')} rules={[{ required: true }]}>
              <Select options={(bodies.data ?? []).filter((b) => b.id !== c.bodyId).map((b) => ({ value: b.id, label: b.name }))} />
            </Form.Item>
            {text('reason', t('mediation:note'), false)}
          </>
        );
      case 'apply_confirmation':
      case 'court_accept':
        return (
          <>
            {date('on', action === 'apply_confirmation' ? t('mediation:applied-on') : t('mediation:accepted-on'))}
            {text('note', t('mediation:note'), false)}
          </>
        );
      case 'court_decide':
        return (
          <>
            {date('on', t('mediation:decided-on'))}
            <Form.Item name="granted" label={t('mediation:decision')} rules={[{ required: true }]}>
              <Radio.Group options={[{ value: 'yes', label: t('mediation:confirmed') }, { value: 'no', label: t('mediation:not-confirmed') }]} />
            </Form.Item>
            {text('note', t('mediation:note'), false)}
          </>
        );
    }
  };
  const initial: Values =
    action === 'revise_agreement' && latest
      ? { facts: latest.facts, manner: latest.manner, deadline: latest.deadline, effectiveOn: latest.effectiveOn, resp: Object.fromEntries(latest.responsibilities.map((r) => [r.partyId, r.text])) }
      : { heldOn: today, checkedOn: today, on: today, effectiveOn: today, place: c.nextSessionPlace ?? undefined };
  return (
    <Modal open title={tl(ACTION[action])} onCancel={onClose} onOk={() => form.submit()} confirmLoading={act.isPending} width={action === 'agree' || action === 'revise_agreement' || action === 'hold_session' ? 720 : 520} okButtonProps={{ 'data-testid': 'mediation-action-submit' } as Record<string, string>}>
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)}>
        {fields()}
        {WITH_FILES.includes(action) && (
          <Form.Item label={action === 'agree' || action === 'revise_agreement' ? t('mediation:the-signed-agreement-photo-or-scan') : t('mediation:photos')}>
            <input type="file" accept="image/jpeg,image/png,image/webp" multiple onChange={(e) => setFiles([...(e.target.files ?? [])].slice(0, 9))} data-testid="mediation-field-photos" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
