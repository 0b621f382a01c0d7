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
      scroll={{ x: 1435 }}
      testId="visits-coverage-table"
      // An empty grouping is said by the coverage tab, which then draws no table.
      empty={{ title: t('所选区域没有可统计的单位', 'Nothing to group in this area') }}
      columns={[
        {
          title: t('代码', 'Code'),
          dataIndex: 'code',
          fixed: 'left',
          width: 130,
          render: (code: string, r) =>
            onDrill ? (
              <Tooltip title={t(`查看 ${r.name} 的下一级`, `Open the level below ${r.name}`)}>
                <Typography.Link onClick={() => onDrill(r)} data-testid="visits-drill">
                  {code}
                </Typography.Link>
              </Tooltip>
            ) : (
              code
            ),
        },
        { title: tl(GROUP_LABELS[groupBy]), dataIndex: 'name', width: 160, sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN') },
        { title: t('户数', 'Households'), dataIndex: 'households', width: 115, align: 'right', sorter: num('households') },
        { title: t('已走访户数', 'Visited'), dataIndex: 'visitedHouseholds', width: 100, align: 'right', sorter: num('visitedHouseholds') },
        {
          title: t('入户覆盖率', 'Coverage'),
          dataIndex: 'coverage',
          width: 160,
          sorter: num('coverage'),
          defaultSortOrder: 'ascend',
          render: (v: number | null) =>
            v === null ? '—' : <Progress percent={Math.round(v * 1000) / 10} size="small" strokeColor={coverageColor(v)} format={() => pct(v)} />,
        },
        { title: t('走访次数', 'Visits'), dataIndex: 'visits', width: 90, align: 'right', sorter: num('visits') },
        { title: t('无人在家', 'Nobody home'), dataIndex: 'nobodyHome', width: 110, align: 'right', sorter: num('nobodyHome') },
        { title: t('网格员', 'Workers'), dataIndex: 'workers', width: 100, align: 'right', sorter: num('workers') },
        {
          title: t('人均日走访', 'Per worker-day'),
          dataIndex: 'visitsPerWorkerDay',
          width: 130,
          align: 'right',
          sorter: num('visitsPerWorkerDay'),
          render: (v: number | null) =>
            v === null ? '—' : <Typography.Text type={quota !== undefined && v < quota ? 'danger' : undefined}>{v.toFixed(1)}</Typography.Text>,
        },
        { title: t('困难户', 'Vulnerable'), dataIndex: 'vulnerableHouseholds', width: 120, align: 'right', sorter: num('vulnerableHouseholds') },
        {
          title: t('困难户逾期', 'Vulnerable overdue'),
          dataIndex: 'vulnerableOverdue',
          width: 120,
          align: 'right',
          sorter: num('vulnerableOverdue'),
          render: (v: number) => <Typography.Text type={v > 0 ? 'danger' : undefined}>{v}</Typography.Text>,
        },
        { title: t('从未走访', 'Never visited'), dataIndex: 'neverVisited', width: 100, align: 'right', sorter: num('neverVisited') },
      ]}
    />
  );
}
