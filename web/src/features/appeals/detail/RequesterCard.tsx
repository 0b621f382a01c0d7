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
      title={t('诉求人', 'Requester')}
      size="small"
      extra={
        !anonymous &&
        !full && (
          <Popconfirm
            title={t('查看完整联系方式？', 'Show the full contact?')}
            description={t('查看操作将记入审计日志，请仅在联系诉求人时使用。', 'This is recorded in the audit log; use it only to contact the requester.')}
            onConfirm={() => void reveal()}
            okText={t('查看', 'Show')}
          >
            <Button size="small" type="link" icon={<SafetyCertificateOutlined />} loading={loading} data-testid="reveal-requester">
              {t('查看完整联系方式', 'Show full contact')}
            </Button>
          </Popconfirm>
        )
      }
    >
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('类型', 'Kind')}>{tl(lookup(REQUESTER_KIND_LABELS, appeal.requesterKind), appeal.requesterKind)}</Descriptions.Item>
        {appeal.enterpriseName && <Descriptions.Item label={t('企业', 'Enterprise')}>{appeal.enterpriseName}</Descriptions.Item>}
        {!anonymous && (
          <>
            <Descriptions.Item label={t('姓名', 'Name')}>
              <span data-testid="requester-name">{full ? (full.name ?? '—') : (appeal.requesterName ?? '—')}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('电话', 'Phone')}>
              <span data-testid="requester-phone">{full ? (full.phone ?? '—') : (appeal.requesterPhone ?? '—')}</span>
            </Descriptions.Item>
          </>
        )}
      </Descriptions>
    </Card>
  );
}
