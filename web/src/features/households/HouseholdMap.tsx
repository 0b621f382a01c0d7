import { useMemo, useState } from 'react';
import { Card, Empty, Flex, Radio } from 'antd';
import { useI18n } from '../../app/i18n';
import type { User } from '../../app/types';
import { RegionPicker } from '../regions/RegionPicker';
import { useCountsByGrid } from './api';
import { GridMap, type GridFigure } from './GridMap';

const SCALE = ['#f0f5ff', '#d6e4ff', '#adc6ff', '#85a5ff', '#597ef7', '#2f54eb', '#1d39c4'];

/** A township's or community's grids coloured by their households or residents (网格分布图). */
export function HouseholdMap({ user }: { user: User }) {
  const { t } = useI18n();
  const [within, setWithin] = useState<string | null>(user.regionCode && user.regionCode.length >= 9 ? user.regionCode.slice(0, Math.min(user.regionCode.length, 12)) : null);
  const [figure, setFigure] = useState<'households' | 'people'>('households');
  const counts = useCountsByGrid(within);
  const figures = useMemo(() => {
    if (!counts.data) return undefined;
    const max = Math.max(1, ...counts.data.map((c) => c[figure]));
    return new Map<string, GridFigure>(
      counts.data.map((c) => [
        c.gridCode,
        {
          color: SCALE[Math.min(SCALE.length - 1, Math.floor((c[figure] / max) * (SCALE.length - 1)))],
          lines: [`${t('户数', 'Households')} ${c.households}`, `${t('人数', 'Residents')} ${c.people}`],
        },
      ]),
    );
  }, [counts.data, figure, t]);
  const fallback = useMemo<GridFigure>(() => ({ color: SCALE[0], lines: [`${t('户数', 'Households')} 0`, `${t('人数', 'Residents')} 0`] }), [t]);

  return (
    <Card>
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        <RegionPicker value={within ?? undefined} onChange={(code?: string | null) => setWithin(code ?? null)} />
        <Radio.Group value={figure} onChange={(e) => setFigure(e.target.value)}>
          <Radio.Button value="households">{t('户数', 'Households')}</Radio.Button>
          <Radio.Button value="people">{t('人数', 'Residents')}</Radio.Button>
        </Radio.Group>
      </Flex>
      {!within ? (
        <Empty description={t('请选择一个乡镇（街道）或村（社区）', 'Pick a township or a community')} />
      ) : (
        <GridMap
          within={within}
          figures={figures}
          fallback={fallback}
          figuresError={counts.isError ? counts.error : undefined}
          onRetry={() => void counts.refetch()}
          caption={t('颜色越深，数量越多', 'Darker means more')}
          testId="household-map"
        />
      )}
    </Card>
  );
}
