import { useMemo } from 'react';
import { EChart, escapeHtml, type EChartsCoreOption } from '../../app/echarts';
import { useI18n } from '../../app/i18n';
import { coverageColor, pct } from './labels';
import type { CoverageRow } from '../../app/contract';

const ROW_HEIGHT = 26;

/** Coverage per group as horizontal bars, lowest first (the ones to chase), with households visited. */
export function CoverageChart({ rows }: { rows: CoverageRow[] }) {
  const { t } = useI18n();
  // Groups without households have no coverage to compare; the table still lists them.
  const sorted = useMemo(() => rows.filter((r) => r.coverage !== null).sort((a, b) => a.coverage! - b.coverage! || a.code.localeCompare(b.code)), [rows]);
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (ps: { dataIndex: number }[]) => {
          const r = sorted[ps[0]?.dataIndex ?? -1];
          if (!r) return '';
          return [
            `<b>${escapeHtml(r.name)}</b>`,
            `${t('visits:coverage-2')} ${pct(r.coverage)}`,
            `${t('visits:visited')} ${r.visitedHouseholds} / ${r.households} ${t('visits:households-2')}`,
            `${t('visits:visits')} ${r.visits}`,
          ].join('<br/>');
        },
      },
      grid: { left: 8, right: 120, top: 8, bottom: 8, containLabel: true },
      // Names read top-down in the order of the table: the lowest coverage at the top.
      yAxis: { type: 'category', inverse: true, data: sorted.map((r) => r.name), axisLabel: { width: 160, overflow: 'truncate' } },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 18,
          data: sorted.map((r) => ({ value: Math.round(r.coverage! * 1000) / 10, itemStyle: { color: coverageColor(r.coverage) } })),
          label: {
            show: true,
            position: 'right',
            formatter: (p: { dataIndex: number }) => {
              const r = sorted[p.dataIndex];
              return `${pct(r.coverage)} (${r.visitedHouseholds}/${r.households})`;
            },
          },
        },
      ],
    }),
    [sorted, t],
  );
  const height = Math.max(160, sorted.length * ROW_HEIGHT + 24);
  return (
    <div style={{ maxHeight: 520, overflowY: 'auto' }}>
      <EChart option={option} style={{ height }} testId="visits-coverage-chart" />
    </div>
  );
}
