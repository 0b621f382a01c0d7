import { useState } from 'react';
import { App, Button, Card, Descriptions } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { errorText } from '../../../app/api';
import { useI18n } from '../../../app/i18n';
import type { AppealDetail, RevealedRequester } from '../../../app/contract';
import { revealRequester } from '../api';
import { RevealReasonModal } from '../../../app/RevealReasonModal';
import { REQUESTER_KIND_LABELS } from '../labels';
import { lookup } from '../../../shared/lookup';

/** Masked contact; the full one is a separate, audited request. */
export function RequesterCard({ appeal }: { appeal: AppealDetail }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const [full, setFull] = useState<RevealedRequester | null>(null);
  const [asking, setAsking] = useState(false);
  const reveal = async (reason: string) => {
    try {
      setFull(await revealRequester(appeal.id, reason));
      setAsking(false);
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const anonymous = appeal.requesterKind === 'anonymous';
  return (
    <Card
      title={t('appeals:requester')}
      size="small"
      extra={
        !anonymous &&
        !full && (
          <Button size="small" type="link" icon={<SafetyCertificateOutlined />} onClick={() => setAsking(true)} data-testid="reveal-requester">
            {t('appeals:show-full-contact')}
          </Button>
        )
      }
    >
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('appeals:kind')}>{tl(lookup(REQUESTER_KIND_LABELS, appeal.requesterKind), appeal.requesterKind)}</Descriptions.Item>
        {appeal.enterpriseName && <Descriptions.Item label={t('appeals:enterprise')}>{appeal.enterpriseName}</Descriptions.Item>}
        {!anonymous && (
          <>
            <Descriptions.Item label={t('appeals:name')}>
              <span data-testid="requester-name">{full ? (full.name ?? '—') : (appeal.requesterName ?? '—')}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('appeals:phone')}>
              <span data-testid="requester-phone">{full ? (full.phone ?? '—') : (appeal.requesterPhone ?? '—')}</span>
            </Descriptions.Item>
          </>
        )}
      </Descriptions>
      <RevealReasonModal open={asking} what={t('appeals:requesters-contact')} onSubmit={reveal} onCancel={() => setAsking(false)} />
    </Card>
  );
}
