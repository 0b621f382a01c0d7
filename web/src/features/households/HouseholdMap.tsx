import { useMemo, useState } from 'react';
import { Card, Empty, Flex, Radio } from 'antd';
import { hasAnyRole } from '../../app/auth';
import { chinaToday } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { User } from '../../app/contract';
import { RegionPicker } from '../regions/RegionPicker';
import { useCoverage } from '../visits/api';
import { useCountsByGrid, useOpenAppealsByGrid } from './api';
import { GridMap, type GridFigure } from './GridMap';

const SCALE = ['#f0f5ff', '#d6e4ff', '#adc6ff', '#85a5ff', '#597ef7', '#2f54eb', '#1d39c4'];
/** Open appeals: the more, the warmer. */
const WARM = ['#fff7e6', '#ffe7ba', '#ffd591', '#ffc069', '#ffa940', '#fa8c16', '#d46b08'];
/** Visit coverage: the lower, the redder; full coverage green. */
const COVERAGE = ['#ff4d4f', '#ff7a45', '#ffa940', '#ffd666', '#bae637', '#73d13d', '#389e0d'];

type Figure = 'households' | 'people' | 'openAppeals' | 'coverage';

const pick = (scale: string[], x: number) => scale[Math.max(0, Math.min(scale.length - 1, Math.floor(x * (scale.length - 1))))];

/** The legend of a scale over 0…max: each colour with the values it stands for (as `pick` assigns them). */
function valueLegend(scale: string[], max: number, format: (n: number) => string = String): { color: string; label: string }[] {
  const steps = scale.length - 1;
  const out: { color: string; label: string }[] = [];
  for (let i = 0; i < scale.length; i++) {
    const lo = Math.ceil((i * max) / steps);
    const hi = i === steps ? max : Math.ceil(((i + 1) * max) / steps) - 1;
    if (hi < lo) continue;
    out.push({ color: scale[i], label: lo === hi ? format(lo) : `${format(lo)}–${format(hi)}` });
  }
  return out;
}

/**
 * A township's or community's grids coloured by a chosen figure (网格分布图): households, residents,
 * open appeals, or visit coverage over the last 30 days (for those who supervise visits).
 */
export function HouseholdMap({ user }: { user: User }) {
  const { t } = useI18n();
  const [within, setWithin] = useState<string | null>(user.regionCode && user.regionCode.length >= 9 ? user.regionCode.slice(0, Math.min(user.regionCode.length, 12)) : null);
  const [figure, setFigure] = useState<Figure>('households');
  const supervises = hasAnyRole(user, ['admin', 'leader', 'dispatcher', 'community_staff']);
  const counts = useCountsByGrid(within);
  const open = useOpenAppealsByGrid(within, figure === 'openAppeals');
  const today = chinaToday();
  const coverage = useCoverage({ regionCode: within ?? undefined, from: today.subtract(29, 'day').format('YYYY-MM-DD'), to: today.format('YYYY-MM-DD') }, 'grid', !!within && figure === 'coverage');

  const current = figure === 'openAppeals' ? open : figure === 'coverage' ? coverage : counts;
  const figures = useMemo(() => {
    if (!counts.data) return undefined;
    const base = new Map(counts.data.map((c) => [c.gridCode, c]));
    const lines = (code: string) => [`${t('households:households')} ${base.get(code)?.households ?? 0}`, `${t('households:residents')} ${base.get(code)?.people ?? 0}`];
    if (figure === 'openAppeals') {
      if (!open.data) return undefined;
      const max = Math.max(1, ...open.data.map((o) => o.open));
      const byGrid = new Map(open.data.map((o) => [o.gridCode, o.open]));
      const codes = new Set([...base.keys(), ...byGrid.keys()]);
      return new Map<string, GridFigure>(
        [...codes].map((code) => [code, { color: pick(WARM, (byGrid.get(code) ?? 0) / max), lines: [`${t('households:open-appeals')} ${byGrid.get(code) ?? 0}`, ...lines(code)] }]),
      );
    }
    if (figure === 'coverage') {
      if (!coverage.data) return undefined;
      return new Map<string, GridFigure>(
        coverage.data.rows.map((r) => [
          r.code,
          {
            color: r.coverage === null ? SCALE[0] : pick(COVERAGE, r.coverage),
            lines: [`${t('households:visit-coverage-last-30-days')} ${r.coverage === null ? '—' : `${(r.coverage * 100).toFixed(1)}%`}`, `${t('households:visited')} ${r.visitedHouseholds} / ${r.households}`],
          },
        ]),
      );
    }
    const key = figure;
    const max = Math.max(1, ...counts.data.map((c) => c[key]));
    return new Map<string, GridFigure>(counts.data.map((c) => [c.gridCode, { color: pick(SCALE, c[key] / max), lines: lines(c.gridCode) }]));
  }, [counts.data, open.data, coverage.data, figure, t]);
  const legend = useMemo(() => {
    if (figure === 'coverage') return COVERAGE.map((color, i) => ({ color, label: i === COVERAGE.length - 1 ? '100%' : `${Math.round((i * 100) / 6)}–${Math.round(((i + 1) * 100) / 6)}%` }));
    if (figure === 'openAppeals') return open.data ? valueLegend(WARM, Math.max(1, ...open.data.map((o) => o.open))) : undefined;
    return counts.data ? valueLegend(SCALE, Math.max(1, ...counts.data.map((c) => c[figure]))) : undefined;
  }, [figure, open.data, counts.data]);
  const fallback = useMemo<GridFigure>(() => ({ color: SCALE[0], lines: [`${t('households:households')} 0`, `${t('households:residents')} 0`] }), [t]);
  const caption =
    figure === 'coverage'
      ? t('households:red-low-coverage-green-every-household-visited')
      : figure === 'openAppeals'
        ? t('households:darker-means-more-open-appeals')
        : t('households:darker-means-more');

  return (
    <Card>
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        <RegionPicker value={within ?? undefined} onChange={(code?: string | null) => setWithin(code ?? null)} />
        <Radio.Group value={figure} onChange={(e) => setFigure(e.target.value)} data-testid="household-map-figure">
          <Radio.Button value="households">{t('households:households')}</Radio.Button>
          <Radio.Button value="people">{t('households:residents')}</Radio.Button>
          <Radio.Button value="openAppeals">{t('households:open-appeals')}</Radio.Button>
          {supervises && <Radio.Button value="coverage">{t('households:visit-coverage')}</Radio.Button>}
        </Radio.Group>
      </Flex>
      {!within ? (
        <Empty description={t('households:pick-a-township-or-a-community')} />
      ) : (
        <GridMap
          within={within}
          figures={figures}
          fallback={fallback}
          figuresError={current.isError ? current.error : undefined}
          onRetry={() => void current.refetch()}
          caption={caption}
          legend={legend}
          testId="household-map"
        />
      )}
    </Card>
  );
}
