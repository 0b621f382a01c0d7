import { useMemo, useState } from 'react';
import { Card, Empty, Flex, Radio, Skeleton, Typography } from 'antd';
import { LoadError } from '../../app/components';
import { EChart, escapeHtml, registerGeoJson, type EChartsCoreOption } from '../../app/echarts';
import { useI18n } from '../../app/i18n';
import type { GridFeatureCollection, User } from '../../app/types';
import { useGridGeoJson } from '../regions/api';
import { RegionPicker } from '../regions/RegionPicker';
import { useCountsByGrid } from './api';

const SCALE = ['#f0f5ff', '#d6e4ff', '#adc6ff', '#85a5ff', '#597ef7', '#2f54eb', '#1d39c4'];

/** A township's or community's grids coloured by their households or residents (网格分布图). */
export function HouseholdMap({ user }: { user: User }) {
  const { t } = useI18n();
  const [within, setWithin] = useState<string | null>(user.regionCode && user.regionCode.length >= 9 ? user.regionCode.slice(0, Math.min(user.regionCode.length, 12)) : null);
  const [figure, setFigure] = useState<'households' | 'people'>('households');
  const geo = useGridGeoJson(within);
  const counts = useCountsByGrid(within);
  const option = useMemo<EChartsCoreOption | null>(() => {
    if (!geo.data || !counts.data || !within) return null;
    const mapName = `households-${within}`;
    registerGeoJson(mapName, geo.data as GridFeatureCollection);
    const byGrid = new Map(counts.data.map((c) => [c.gridCode, c]));
    const values = geo.data.features.map((f) => byGrid.get(f.properties.code)?.[figure] ?? 0);
    const max = Math.max(1, ...values);
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { data?: { gridName: string; households: number; people: number } }) =>
          p.data ? `<b>${escapeHtml(p.data.gridName)}</b><br/>${t('户数', 'Households')} ${p.data.households}<br/>${t('人数', 'Residents')} ${p.data.people}` : '',
      },
      series: [
        {
          type: 'map',
          map: mapName,
          nameProperty: 'code',
          roam: true,
          selectedMode: false,
          data: geo.data.features.map((f, i) => {
            const c = byGrid.get(f.properties.code);
            return {
              name: f.properties.code,
              value: values[i],
              gridName: f.properties.name,
              households: c?.households ?? 0,
              people: c?.people ?? 0,
              itemStyle: { areaColor: SCALE[Math.min(SCALE.length - 1, Math.floor((values[i] / max) * (SCALE.length - 1)))], borderColor: '#fff' },
            };
          }),
        },
      ],
    };
  }, [geo.data, counts.data, within, figure, t]);

  return (
    <Card>
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        <RegionPicker value={within ?? undefined} onChange={(code?: string | null) => setWithin(code ?? null)} />
        <Radio.Group value={figure} onChange={(e) => setFigure(e.target.value)}>
          <Radio.Button value="households">{t('户数', 'Households')}</Radio.Button>
          <Radio.Button value="people">{t('人数', 'Residents')}</Radio.Button>
        </Radio.Group>
        <Typography.Text type="secondary">{t('颜色越深，数量越多', 'Darker means more')}</Typography.Text>
      </Flex>
      {!within ? (
        <Empty description={t('请选择一个乡镇（街道）或村（社区）', 'Pick a township or a community')} />
      ) : geo.isError || counts.isError ? (
        <LoadError error={geo.error ?? counts.error} />
      ) : !option ? (
        <Skeleton active />
      ) : (
        <EChart option={option} style={{ height: 480 }} testId="household-map" />
      )}
    </Card>
  );
}
