import { Link } from 'react-router-dom';
import { Table, Typography } from 'antd';
import { useI18n } from '../../app/i18n';
import type { AssessmentReport } from '../../app/contract';

type Figures = AssessmentReport['figures'];

/** The month's warnings and problems in the printable report (reports archived before them have neither). */
export function ReportExtras({ f }: { f: Figures }) {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={4}>{t('common:early-warnings')}</Typography.Title>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={f.warnings ?? []}
        locale={{ emptyText: t('assessment:no-warnings-this-month') }}
        columns={[
          { title: t('assessment:week-or-season'), dataIndex: 'periodStart', width: 110 },
          { title: t('assessment:place'), dataIndex: 'regionName', render: (n: string, r) => <Link to={`/warnings/${r.id}`}>{n}</Link> },
          { title: t('assessment:category'), dataIndex: 'categoryCodes', render: (c: string[]) => c.join('、') },
          { title: t('assessment:appeals-2'), dataIndex: 'count', width: 80, align: 'right' as const },
          { title: t('assessment:usual-level'), dataIndex: 'baseline', width: 100, align: 'right' as const, render: (v: number | null) => v ?? '—' },
          { title: t('assessment:status'), dataIndex: 'status', width: 100 },
        ]}
      />
      <Typography.Title level={4}>{t('common:problem-of-the-month')}</Typography.Title>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={f.problems ?? []}
        locale={{ emptyText: t('assessment:none-picked') }}
        columns={[
          { title: t('assessment:picked-in'), dataIndex: 'month', width: 90 },
          { title: t('assessment:place'), dataIndex: 'placeName' },
          { title: t('assessment:category'), dataIndex: 'categoryCode', width: 90 },
          { title: t('assessment:lead-department'), dataIndex: 'leadOrgName' },
          { title: t('assessment:target-dispatches-a-month-at-most'), dataIndex: 'target', width: 120, align: 'right' as const },
          { title: t('assessment:appeals-when-picked'), dataIndex: 'count', width: 110, align: 'right' as const },
          { title: t('assessment:dispatches-this-month'), dataIndex: 'dispatched', width: 100, align: 'right' as const },
        ]}
      />
    </>
  );
}
