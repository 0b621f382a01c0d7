import { Progress, Tooltip, Typography } from 'antd';
import { useI18n } from '../../app/i18n';
import { ListPage } from '../../app/list/ListPage';
import type { CoverageGroupBy } from './api';
import { coverageColor, pct } from './labels';
import { GROUP_LABELS } from './period';
import type { CoverageRow } from '../../app/contract';

interface Props {
  rows: CoverageRow[];
  groupBy: CoverageGroupBy;
  quota: number | undefined;
  loading: boolean;
  /** Opens a row one level deeper; undefined at the finest level (grids). */
  onDrill?: (row: CoverageRow) => void;
}

const num = (k: keyof CoverageRow) => (a: CoverageRow, b: CoverageRow) => ((a[k] as number | null) ?? -1) - ((b[k] as number | null) ?? -1);

/** The coverage rows of the chosen grouping, sortable; a row's code drills one level down. */
export function CoverageTable({ rows, groupBy, quota, loading, onDrill }: Props) {
  const { t, tl } = useI18n();
  return (
    <ListPage<CoverageRow, object>
      listId="visits-coverage"
      rowKey="code"
      size="small"
      data={{ items: rows, loading }}
      sizeChanger
      scroll={{ x: 1655 }}
      testId="visits-coverage-table"
      // An empty grouping is said by the coverage tab, which then draws no table.
      empty={{ title: t('visits:nothing-to-group-in-this-area') }}
      columns={[
        {
          title: t('visits:code'),
          dataIndex: 'code',
          fixed: 'left',
          width: 130,
          render: (code: string, r) =>
            onDrill ? (
              <Tooltip title={t('visits:open-the-level-below-name', { name: r.name })}>
                <Typography.Link onClick={() => onDrill(r)} data-testid="visits-drill">
                  {code}
                </Typography.Link>
              </Tooltip>
            ) : (
              code
            ),
        },
        { title: tl(GROUP_LABELS[groupBy]), dataIndex: 'name', width: 160, sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN') },
        { title: t('visits:households'), dataIndex: 'households', width: 115, align: 'right', sorter: num('households') },
        { title: t('visits:visited-2'), dataIndex: 'visitedHouseholds', width: 100, align: 'right', sorter: num('visitedHouseholds') },
        {
          title: t('visits:coverage-2'),
          dataIndex: 'coverage',
          width: 160,
          sorter: num('coverage'),
          defaultSortOrder: 'ascend',
          render: (v: number | null) =>
            v === null ? '—' : <Progress percent={Math.round(v * 1000) / 10} size="small" strokeColor={coverageColor(v)} format={() => pct(v)} />,
        },
        { title: t('visits:visits'), dataIndex: 'visits', width: 90, align: 'right', sorter: num('visits') },
        { title: t('visits:nobody-home'), dataIndex: 'nobodyHome', width: 110, align: 'right', sorter: num('nobodyHome') },
        { title: t('visits:workers'), dataIndex: 'workers', width: 100, align: 'right', sorter: num('workers') },
        {
          title: t('visits:per-worker-day'),
          dataIndex: 'visitsPerWorkerDay',
          width: 130,
          align: 'right',
          sorter: num('visitsPerWorkerDay'),
          render: (v: number | null) =>
            v === null ? '—' : <Typography.Text type={quota !== undefined && v < quota ? 'danger' : undefined}>{v.toFixed(1)}</Typography.Text>,
        },
        { title: t('visits:vulnerable'), dataIndex: 'vulnerableHouseholds', width: 120, align: 'right', sorter: num('vulnerableHouseholds') },
        {
          title: t('visits:vulnerable-overdue'),
          dataIndex: 'vulnerableOverdue',
          width: 120,
          align: 'right',
          sorter: num('vulnerableOverdue'),
          render: (v: number) => <Typography.Text type={v > 0 ? 'danger' : undefined}>{v}</Typography.Text>,
        },
        { title: t('visits:never-visited'), dataIndex: 'neverVisited', width: 100, align: 'right', sorter: num('neverVisited') },
        { title: t('visits:disputes'), dataIndex: 'disputes', width: 100, align: 'right', sorter: num('disputes') },
        { title: t('visits:to-mediation'), dataIndex: 'disputesMediated', width: 120, align: 'right', sorter: num('disputesMediated') },
      ]}
    />
  );
}
