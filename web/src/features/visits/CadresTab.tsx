import { useState } from 'react';
import { Card, Flex, Progress, Segmented, Statistic, Typography } from 'antd';
import { useI18n } from '../../app/i18n';
import { ListPage } from '../../app/list/ListPage';
import { useCadres, type CadreGroupBy } from './api';
import { coverageColor, pct } from './labels';
import type { CadreCoverage } from '../../app/contract';

type CadreRow = CadreCoverage['rows'][number];

/** 干部半年覆盖: township and village cadres cover every household each half-year (docs/DOMAIN.md §8). */
export function CadresTab({ regionCode }: { regionCode: string | undefined }) {
  const { t } = useI18n();
  const [groupBy, setGroupBy] = useState<CadreGroupBy>('village');
  const report = useCadres(regionCode, groupBy);
  const data = report.data;
  return (
    <Card size="small">
      <Flex gap={16} align="center" wrap style={{ marginBottom: 12 }}>
        <Segmented<CadreGroupBy>
          value={groupBy}
          onChange={setGroupBy}
          options={[
            { value: 'township', label: t('visits:by-township') },
            { value: 'village', label: t('visits:by-community') },
          ]}
          data-testid="visits-cadres-group-by"
        />
        {data && (
          <Typography.Text type="secondary">
            {t('visits:this-half-year-from-to-to-households-visited-by', { from: data.from, to: data.to })}
          </Typography.Text>
        )}
      </Flex>
      {data && (
        <Flex gap={32} style={{ marginBottom: 12 }}>
          <Statistic title={t('visits:households')} value={data.totals.households} />
          <Statistic title={t('visits:covered-by-cadres')} value={data.totals.covered} />
          <Statistic title={t('visits:half-year-cadre-coverage')} value={pct(data.totals.coverage)} styles={{ content: { color: '#1d4ed8' } }} />
        </Flex>
      )}
      <ListPage<CadreRow, object>
        listId="visits-cadres"
        rowKey="code"
        size="small"
        data={{ items: data?.rows, loading: report.isFetching, error: report.isError ? report.error : undefined, retry: () => void report.refetch() }}
        sizeChanger
        testId="visits-cadres-table"
        empty={{
          title: t('visits:nothing-to-group-in-this-area'),
          hint: t('visits:choose-a-county-or-township-or-change-the'),
        }}
        columns={[
          { title: t('visits:code'), dataIndex: 'code', width: 150 },
          { title: t('visits:name'), dataIndex: 'name', width: 200, sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN') },
          { title: t('visits:households'), dataIndex: 'households', width: 100, align: 'right', sorter: (a, b) => a.households - b.households },
          { title: t('visits:covered'), dataIndex: 'covered', width: 110, align: 'right', sorter: (a, b) => a.covered - b.covered },
          {
            title: t('visits:coverage'),
            dataIndex: 'coverage',
            sorter: (a, b) => (a.coverage ?? -1) - (b.coverage ?? -1),
            defaultSortOrder: 'ascend',
            render: (v: number | null) =>
              v === null ? '—' : <Progress percent={Math.round(v * 1000) / 10} strokeColor={coverageColor(v)} format={() => pct(v)} style={{ maxWidth: 360 }} />,
          },
        ]}
      />
    </Card>
  );
}
