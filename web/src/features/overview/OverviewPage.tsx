import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Col, Row, Skeleton, Statistic, Tag } from 'antd';
import { ApartmentOutlined, BankOutlined, BorderOutlined, ClusterOutlined, HomeOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { useUser } from '../../app/auth';
import { EmptyHint, LoadError, PageHeader } from '../../app/components';
import { EChart, type EChartsCoreOption } from '../../app/echarts';
import { shortRegion } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { ROLE_COLORS, ROLE_LABELS } from '../../app/labels';
import type { Overview } from '../../app/contract';
import { useOverview } from './api';
import { AppealHeatMap } from './AppealHeatMap';

export default function OverviewPage() {
  const user = useUser();
  const { t, tl } = useI18n();
  const overview = useOverview();
  const scope = user.regionCode === '' ? t('overview:the-whole-installation') : shortRegion(user.regionName);

  return (
    <>
      <PageHeader
        title={t('overview:area-overview')}
        subtitle={t('overview:hello-displayname-here-is-what-scope-consists-of', { displayName: user.displayName, scope })}
        extra={user.roles.map((r) => (
          <Tag key={r} color={ROLE_COLORS[r]} style={{ margin: 0 }}>
            {tl(ROLE_LABELS[r])}
          </Tag>
        ))}
      />
      {overview.isError && <LoadError error={overview.error} onRetry={() => void overview.refetch()} />}
      {overview.isPending ? <Skeleton active paragraph={{ rows: 8 }} /> : overview.data && <OverviewBody data={overview.data} />}
    </>
  );
}

function OverviewBody({ data }: { data: Overview }) {
  const { t } = useI18n();
  const c = data.counts;
  const cards = [
    { key: 'counties', title: t('overview:counties'), value: c.counties, icon: <ApartmentOutlined />, color: '#fa8c16' },
    { key: 'townships', title: t('overview:townships'), value: c.townships, icon: <ClusterOutlined />, color: '#1d4ed8' },
    { key: 'villages', title: t('overview:villages-communities'), value: c.villages, icon: <HomeOutlined />, color: '#389e0d' },
    { key: 'grids', title: t('overview:grids'), value: c.grids, icon: <BorderOutlined />, color: '#722ed1' },
    { key: 'gridWorkers', title: t('overview:grid-workers'), value: c.gridWorkers, icon: <TeamOutlined />, color: '#c8161d' },
    { key: 'orgs', title: t('common:organisations'), value: c.orgs, icon: <BankOutlined />, color: '#13c2c2' },
    { key: 'accounts', title: t('overview:accounts'), value: c.accounts, icon: <UserOutlined />, color: '#595959' },
  ];
  // Levels above a small area (a township, a grid) count nothing: leave them out.
  const shown = cards.filter((s) => s.value > 0 || !['counties', 'townships', 'villages'].includes(s.key));
  return (
    <>
      <Row gutter={[16, 16]}>
        {shown.map((s) => (
          <Col key={s.key} flex="1 1 170px">
            <Card size="small" data-testid={`stat-${s.key}`}>
              <Statistic
                title={s.title}
                value={s.value}
                prefix={<span style={{ color: s.color, marginRight: 4 }}>{s.icon}</span>}
                styles={{ content: { fontWeight: 600 } }}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Card title={t('overview:heat-map-of-open-appeals')} style={{ marginTop: 16 }}>
        <AppealHeatMap regionCode={data.regionCode} />
      </Card>
      <Card title={t('overview:grids-and-grid-workers-by-sub-area')} style={{ marginTop: 16 }}>
        <ByChildChart data={data} />
      </Card>
    </>
  );
}

function ByChildChart({ data }: { data: Overview }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 48, right: 24, top: 40, bottom: data.byChild.length > 8 ? 72 : 32 },
      xAxis: {
        type: 'category',
        data: data.byChild.map((b) => b.name),
        axisLabel: { interval: 0, rotate: data.byChild.length > 8 ? 35 : 0 },
      },
      yAxis: { type: 'value' },
      series: [
        { name: t('overview:grids'), type: 'bar', data: data.byChild.map((b) => b.grids), itemStyle: { color: '#1d4ed8' }, barMaxWidth: 28 },
        { name: t('overview:grid-workers'), type: 'bar', data: data.byChild.map((b) => b.workers), itemStyle: { color: '#c8161d' }, barMaxWidth: 28 },
      ],
    }),
    [data, t],
  );
  if (data.byChild.length === 0) {
    return (
      <EmptyHint
        title={t('overview:your-area-has-no-sub-areas')}
        hint={t('overview:open-your-grids-and-their-workers-below')}
        action={
          <Link to="/regions">
            <Button type="primary">{t('overview:view-grids')}</Button>
          </Link>
        }
      />
    );
  }
  return (
    <EChart
      option={option}
      style={{ height: 380 }}
      testId="overview-chart"
      onClick={(e) => {
        const child = data.byChild[e.dataIndex];
        if (child) navigate(`/regions?code=${child.code}`);
      }}
    />
  );
}
