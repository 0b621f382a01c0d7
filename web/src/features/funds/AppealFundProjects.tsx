import { Link } from 'react-router-dom';
import { Button, Card, Space, Tag, Typography } from 'antd';
import { hasAnyRole, useUser } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useProjects, yuan } from './api';
import { PROJECT_STATUS_COLORS, PROJECT_STATUS_LABELS } from './labels';

/** On an appeal's page: the whistle-fund projects it led to, and a way to propose one. */
export function AppealFundProjects({ appealId, number }: { appealId: string; number: string }) {
  const { t, tl } = useI18n();
  const user = useUser();
  const canRead = hasAnyRole(user, ['admin', 'leader', 'dispatcher', 'community_staff', 'grid_worker']);
  const canWrite = hasAnyRole(user, ['admin', 'dispatcher', 'community_staff']);
  const projects = useProjects({ sourceKind: 'appeal', sourceId: appealId, pageSize: 20 }, canRead);
  const items = projects.data?.items ?? [];
  if (!canRead || (!items.length && !canWrite)) return null;
  return (
    <Card size="small" title={t('funds:whistle-fund-projects')} data-testid="appeal-fund-projects">
      <Space direction="vertical" style={{ width: '100%' }}>
        {items.map((p) => (
          <Space key={p.id} wrap>
            <Link to={`/funds?tab=projects&project=${p.id}`}>{p.title}</Link>
            <Tag color={PROJECT_STATUS_COLORS[p.status]}>{tl(PROJECT_STATUS_LABELS[p.status])}</Tag>
            <Typography.Text type="secondary">{t('funds:approved-yuan-paid-yuan2-yuan', { yuan: yuan(p.approvedFen), yuan2: yuan(p.paidFen) })}</Typography.Text>
            {p.daysToAcceptance !== null && <Tag color="green">{t('funds:fixed-with-the-whistle-fund-in-daystoacceptance', { daysToAcceptance: p.daysToAcceptance })}</Tag>}
          </Space>
        ))}
        {canWrite && !items.some((p) => p.status !== 'rejected' && p.status !== 'cancelled') && (
          <Link to={`/funds?tab=projects&appeal=${appealId}&appealNumber=${encodeURIComponent(number)}`}>
            <Button size="small" data-testid="appeal-propose-project">
              {t('funds:propose-a-whistle-fund-project')}
            </Button>
          </Link>
        )}
      </Space>
    </Card>
  );
}
