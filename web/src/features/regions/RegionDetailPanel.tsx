import { Breadcrumb, Card, Col, Flex, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import { useUser } from '../../app/auth';
import { LoadError } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { LEVEL_COLORS, LEVEL_LABELS } from '../../app/labels';
import type { Level, RegionDetail } from '../../app/contract';
import { useRegionDetail } from './api';
import { GridCard } from './GridCard';
import { GridMap } from './GridMap';
import { ChildrenTable, GridsTable } from './RegionChildren';

type CountKey = keyof RegionDetail['counts'];

/** Which counts say something about a node of each level. */
const COUNTS_BY_LEVEL: Record<Level, CountKey[]> = {
  province: ['cities', 'counties', 'townships', 'villages', 'grids'],
  city: ['counties', 'townships', 'villages', 'grids'],
  county: ['townships', 'villages', 'grids'],
  township: ['villages', 'grids'],
  village: ['grids'],
  grid: [],
};

export function RegionDetailPanel({ code, onSelect }: { code: string; onSelect: (code: string) => void }) {
  const user = useUser();
  const { t, tl } = useI18n();
  const detail = useRegionDetail(code);

  if (detail.isPending) return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>;
  if (detail.isError) return <LoadError error={detail.error} onRetry={() => void detail.refetch()} />;
  const { node, ancestors, counts } = detail.data;
  const countLabels: Record<CountKey, string> = {
    cities: t('regions:cities'),
    counties: t('regions:counties'),
    townships: t('regions:townships'),
    villages: t('regions:villages'),
    grids: t('regions:grids-2'),
  };
  const inScope = (c: string) => c.startsWith(user.regionCode);
  const parentName = ancestors.length ? ancestors[ancestors.length - 1].name : undefined;

  return (
    <Flex vertical gap={16} data-testid="region-detail">
      <Card>
        <Breadcrumb
          style={{ marginBottom: 8 }}
          items={[
            ...ancestors.map((a) => ({
              key: a.code,
              title: inScope(a.code) ? <a onClick={() => onSelect(a.code)}>{a.name}</a> : a.name,
            })),
            { key: node.code, title: node.name },
          ]}
        />
        <Flex align="center" gap={8} wrap>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="region-detail-name">
            {node.name}
          </Typography.Title>
          <Tag color={LEVEL_COLORS[node.level]}>{tl(LEVEL_LABELS[node.level])}</Tag>
          <Typography.Text type="secondary" copyable={{ text: node.code }}>
            {t('regions:code-3')} {node.code}
          </Typography.Text>
        </Flex>
        {COUNTS_BY_LEVEL[node.level].length > 0 && (
          <Row gutter={16} style={{ marginTop: 16 }}>
            {COUNTS_BY_LEVEL[node.level].map((k) => (
              <Col key={k} xs={12} md={6} xl={4}>
                <Statistic title={countLabels[k]} value={counts[k]} />
              </Col>
            ))}
          </Row>
        )}
      </Card>

      {node.level === 'grid' && (
        <Card title={t('regions:grid-3')}>
          <GridCard code={node.code} villageName={parentName} />
        </Card>
      )}

      {(node.level === 'township' || node.level === 'village') && (
        <Card title={t('regions:grid-map')}>
          <GridMap within={node.code} onSelect={onSelect} />
        </Card>
      )}

      {node.level === 'village' && (
        <Card title={t('regions:grids')}>
          <GridsTable within={node.code} onSelect={onSelect} />
        </Card>
      )}

      {node.level !== 'village' && node.level !== 'grid' && (
        <Card title={t('regions:sub-divisions')}>
          <ChildrenTable code={node.code} onSelect={onSelect} />
        </Card>
      )}
    </Flex>
  );
}
