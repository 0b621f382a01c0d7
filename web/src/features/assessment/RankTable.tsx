import { Link } from 'react-router-dom';
import { Table, Tooltip, Typography } from 'antd';
import { useI18n } from '../../app/i18n';
import { shortRegion } from '../../app/format';
import type { AssessmentRankings, AssessmentRankRow } from '../../app/contract';
import { percent, score } from '../appeals/metrics';

type RankKey = keyof AssessmentRankRow['ranks'];

/** The China date of an instant (YYYY-MM-DD). */
export function chinaDay(iso: string, shiftDays = 0): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000 + shiftDays * 86_400_000).toISOString().slice(0, 10);
}

/** The inbox filtered to the appeals behind a row: the area (or the department) over the assessment month. */
function drillDown(kind: 'area' | 'department', key: string, period: AssessmentRankings['period']): string {
  // Every appeal behind the figures (box=all), not the first inbox box with work, which may hold none of them.
  const p = new URLSearchParams({ box: 'all', [kind === 'area' ? 'regionCode' : 'orgId']: key, from: chinaDay(period.from), to: chinaDay(period.to, -1) });
  return `/appeals?${p.toString()}`;
}

/** Rankings of areas or departments: each figure with its rank. */
export function RankTable({ rows, kind, period, testId }: { rows: AssessmentRankRow[]; kind: 'area' | 'department'; period: AssessmentRankings['period']; testId: string }) {
  const { t } = useI18n();
  const figure = (key: RankKey, title: string, fmt: (v: number | null) => string) => ({
    title,
    dataIndex: key,
    width: 110,
    align: 'right' as const,
    sorter: (a: AssessmentRankRow, b: AssessmentRankRow) => (a.ranks[key] ?? 1e9) - (b.ranks[key] ?? 1e9),
    render: (v: number | null, r: AssessmentRankRow) => (
      <span>
        {fmt(v)}
        {r.ranks[key] !== null && <Typography.Text type="secondary"> #{r.ranks[key]}</Typography.Text>}
      </span>
    ),
  });
  return (
    <div data-testid={testId}>
    <Table<AssessmentRankRow>
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 1500 }}
      columns={[
        { title: t('assessment:rank'), width: 60, fixed: 'left', render: (_: unknown, r) => r.ranks.compositeScore ?? '—' },
        {
          title: kind === 'area' ? t('assessment:township') : t('assessment:department'),
          dataIndex: 'name',
          fixed: 'left',
          width: 180,
          render: (n: string, r) => (
            <Tooltip title={t('assessment:see-these-appeals')}>
              <Link to={drillDown(kind, r.key, period)} data-testid={`drill-${r.key}`}>
                {shortRegion(n)}
              </Link>
            </Tooltip>
          ),
        },
        { title: t('assessment:accepted'), dataIndex: 'accepted', width: 80, align: 'right' },
        figure('compositeScore', t('assessment:composite'), score),
        figure('closureRate', t('assessment:closure-rate'), percent),
        figure('caseClosingRate', t('assessment:case-closing-rate'), percent),
        figure('onTimeRate', t('assessment:on-time-rate'), percent),
        figure('responseRate', t('assessment:response-rate'), percent),
        figure('resolutionRate', t('assessment:resolution-rate'), percent),
        figure('satisfactionRate', t('assessment:satisfaction'), percent),
        figure('onSpotRate', t('assessment:on-the-spot-rate'), percent),
        figure('reworkRate', t('assessment:rework-rate'), percent),
        figure('avgHandlingHours', t('assessment:avg-handling-working-h'), (v) => (v === null ? '—' : String(v))),
        {
          title: t('assessment:same-day-rate'),
          dataIndex: 'fastTrackRate',
          width: 110,
          align: 'right' as const,
          render: (v: number | null | undefined, r: AssessmentRankRow) => (
            <span>
              {percent(v ?? null)}
              {r.ranks.fastTrackRate != null && <Typography.Text type="secondary"> #{r.ranks.fastTrackRate}</Typography.Text>}
            </span>
          ),
        },
      ]}
    />
    </div>
  );
}

/** The townships' evaluations of the departments, totalled. */
export function EvaluationTable({ rows }: { rows: AssessmentRankings['evaluations'] }) {
  const { t } = useI18n();
  return (
    <div data-testid="assessment-evaluations">
    <Table
      rowKey="orgId"
      size="small"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: t('assessment:department'), dataIndex: 'name' },
        { title: t('assessment:good'), dataIndex: 'good', align: 'right' },
        { title: t('assessment:fair'), dataIndex: 'fair', align: 'right' },
        { title: t('assessment:poor'), dataIndex: 'poor', align: 'right' },
        { title: t('assessment:total'), dataIndex: 'total', align: 'right' },
        { title: t('assessment:good-share'), dataIndex: 'goodRate', align: 'right', render: (v: number | null) => percent(v) },
      ]}
    />
    </div>
  );
}
