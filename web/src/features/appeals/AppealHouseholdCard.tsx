import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Tag } from 'antd';
import { api, ApiError } from '../../app/api';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { AppealHousehold } from '../../app/contract';

/**
 * 所在户: the household an appeal raised at its door links (入户走访), shown to whoever handles the
 * appeal — a department included, which sees no other household files. Names and masked phones only.
 */
export function AppealHouseholdCard({ appealId }: { appealId: string }) {
  const { t } = useI18n();
  const q = useQuery({
    queryKey: ['appeals', appealId, 'household'],
    queryFn: async () => {
      try {
        return await api.get<AppealHousehold>(`/api/appeals/${appealId}/household`);
      } catch (e) {
        // Not every appeal from a visit still links a household the caller may see.
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
  if (!q.data) return null;
  const h = q.data;
  return (
    <Card title={t('appeals:the-household-door-to-door-visit')} size="small" data-testid="appeal-household">
      <Descriptions column={{ xs: 1, md: 2 }} size="small">
        <Descriptions.Item label={t('appeals:address')} span={2}>
          {h.address}
        </Descriptions.Item>
        <Descriptions.Item label={t('appeals:grid')}>{h.gridName}</Descriptions.Item>
        <Descriptions.Item label={t('appeals:type')}>{h.typeName}</Descriptions.Item>
        <Descriptions.Item label={t('appeals:members')} span={2}>
          {h.members.map((m) => `${m.name}${m.age !== null ? `（${m.age}）` : ''}${m.phoneMasked ? ` ${m.phoneMasked}` : ''}`).join('、') || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('appeals:tags')} span={2}>
          {h.tagNames.length ? h.tagNames.map((n) => <Tag key={n}>{n}</Tag>) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('appeals:last-visit')}>{formatTime(h.lastVisitAt)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
