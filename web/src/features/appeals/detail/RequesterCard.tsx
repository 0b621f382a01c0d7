import { useState } from 'react';
import { App, Button, Card, Descriptions, Popconfirm } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { errorText } from '../../../app/api';
import { useI18n } from '../../../app/i18n';
import type { AppealDetail, RevealedRequester } from '../../../app/contract';
import { revealRequester } from '../api';
import { REQUESTER_KIND_LABELS } from '../labels';
import { lookup } from '../../../shared/lookup';

/** Masked contact; the full one is a separate, audited request. */
export function RequesterCard({ appeal }: { appeal: AppealDetail }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const [full, setFull] = useState<RevealedRequester | null>(null);
  const [loading, setLoading] = useState(false);
  const reveal = async () => {
    setLoading(true);
    try {
      setFull(await revealRequester(appeal.id));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setLoading(false);
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
          <Popconfirm
            title={t('appeals:show-the-full-contact')}
            description={t('appeals:this-is-recorded-in-the-audit-log-use-it-only-to')}
            onConfirm={() => void reveal()}
            okText={t('appeals:show')}
          >
            <Button size="small" type="link" icon={<SafetyCertificateOutlined />} loading={loading} data-testid="reveal-requester">
              {t('appeals:show-full-contact')}
            </Button>
          </Popconfirm>
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
    </Card>
  );
}
