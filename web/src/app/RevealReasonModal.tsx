/**
 * Every reveal of a person's full ID number, phone or name asks first why: a common reason chosen with
 * one tap (入户走访核实, 诉求办理联系, …) or written out. The server refuses a reveal without one and
 * records it in the audit entry, where administrators read it.
 */
import { useState } from 'react';
import { Alert, Input, Modal, Radio, Space, Typography } from 'antd';
import { useI18n } from './i18n';

/** The server's limit on a reason (RevealReason in server/platform/schemas.ts). */
const REASON_MAX = 200;

type Choice = 'visit' | 'appeal' | 'identity' | 'other';

export interface RevealReasonModalProps {
  open: boolean;
  /** What is revealed, for the title: "身份证号", "诉求人联系方式"… */
  what: string;
  /** Runs the reveal with the reason; the modal stays open (busy) until it settles. */
  onSubmit: (reason: string) => Promise<void>;
  onCancel: () => void;
}

export function RevealReasonModal({ open, what, onSubmit, onCancel }: RevealReasonModalProps) {
  const { t } = useI18n();
  const [choice, setChoice] = useState<Choice | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);

  const labels: Record<Choice, string> = {
    visit: t('common:checking-during-a-home-visit'),
    appeal: t('common:contacting-about-an-appeal'),
    identity: t('common:verifying-identity'),
    other: t('common:other'),
  };
  const trimmed = note.trim();
  const reason = choice === null ? '' : choice === 'other' ? trimmed : trimmed ? `${labels[choice]}：${trimmed}` : labels[choice];
  const missing = choice === null ? t('common:choose-a-reason') : choice === 'other' && !trimmed ? t('common:write-the-reason') : null;

  const reset = () => {
    setChoice(null);
    setNote('');
    setTried(false);
  };

  const submit = async () => {
    setTried(true);
    if (missing) return;
    setBusy(true);
    try {
      await onSubmit(reason.slice(0, REASON_MAX));
      reset();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('common:reveal-the-full-what', { what })}
      okText={t('common:reveal')}
      onOk={() => void submit()}
      onCancel={() => {
        reset();
        onCancel();
      }}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'reveal-reason-ok' } as Record<string, string>}
      destroyOnHidden
      data-testid="reveal-reason-modal"
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('common:the-reason-is-recorded-in-the-audit-log-reveal')}</Typography.Text>
        <Radio.Group value={choice} onChange={(e) => setChoice(e.target.value as Choice)} data-testid="reveal-reason-choices">
          <Space orientation="vertical" size={4}>
            {(Object.keys(labels) as Choice[]).map((c) => (
              <Radio key={c} value={c} data-testid={`reveal-reason-${c}`}>
                {labels[c]}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
        <Input.TextArea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={choice === 'other' ? t('common:write-why-you-need-it') : t('common:more-detail-optional')}
          maxLength={REASON_MAX - 20}
          showCount
          autoSize={{ minRows: 2, maxRows: 4 }}
          data-testid="reveal-reason-text"
        />
        {tried && missing && <Alert type="warning" showIcon title={missing} data-testid="reveal-reason-missing" />}
      </Space>
    </Modal>
  );
}
