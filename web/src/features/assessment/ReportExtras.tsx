import { Link } from 'react-router-dom';
import { Table, Typography } from 'antd';
import { useI18n } from '../../app/i18n';
import type { AssessmentReport } from '../../app/contract';

type Figures = AssessmentReport['figures'];

/** The month's warnings, problems and late cases in the printable report (reports archived before them lack them). */
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
      <LateCases late={f.late} />
    </>
  );
}

/** 超期件: the month's appeals handled after their limit or still open past it at the period's end (no personal data). */
function LateCases({ late }: { late: Figures['late'] }) {
  const { t } = useI18n();
  const day = (iso: string | null) => (iso ? new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : t('assessment:open-at-the-periods-end'));
  const total = late?.total ?? 0;
  const shown = late?.items.length ?? 0;
  return (
    <>
      <Typography.Title level={4}>{t('assessment:late-cases')}</Typography.Title>
      {!late && <Typography.Paragraph type="secondary">{t('assessment:this-report-predates-the-list-of-late-cases')}</Typography.Paragraph>}
      {late && total > shown && <Typography.Paragraph type="secondary">{t('assessment:total-in-all-the-shown-most-late-listed', { total, shown })}</Typography.Paragraph>}
      {late && (
        <Table
          size="small"
          rowKey="number"
          pagination={false}
          dataSource={late.items}
          data-testid="report-late"
          locale={{ emptyText: t('assessment:no-late-cases-this-month') }}
          columns={[
            { title: t('assessment:number'), dataIndex: 'number', width: 190, render: (n: string) => <Link to={`/appeals?q=${encodeURIComponent(n)}`}>{n}</Link> },
            { title: t('assessment:category'), dataIndex: 'categoryName', width: 120 },
            { title: t('assessment:place'), dataIndex: 'placeName' },
            { title: t('assessment:township'), dataIndex: 'townshipName', width: 120 },
            { title: t('assessment:department-2'), dataIndex: 'orgName', render: (n: string | null) => n ?? '—' },
            { title: t('assessment:limit'), dataIndex: 'handlingDueAt', width: 140, render: (v: string) => day(v) },
            { title: t('assessment:handled-2'), dataIndex: 'handledAt', width: 140, render: (v: string | null) => day(v) },
            { title: t('assessment:days-late'), dataIndex: 'daysLate', width: 90, align: 'right' as const },
          ]}
        />
      )}
    </>
  );
}
