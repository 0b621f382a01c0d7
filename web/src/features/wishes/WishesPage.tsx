import { useEffect, useMemo, useState } from 'react';
import { Button, Card, Col, Row, Select, Space, Statistic, Tag, Typography } from 'antd';
import { GiftOutlined, PlusOutlined } from '@ant-design/icons';
import { hasAnyRole, useUser } from '../../app/auth';
import { PageHeader } from '../../app/components';
import { EChart } from '../../app/echarts';
import { formatTime } from '../../app/format';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useListState } from '../../app/list/useListState';
import { useI18n } from '../../app/i18n';
import type { Wish, WishCampaign, WishStatus } from '../../app/contract';
import { listWishes, useCampaignCommunities, useCampaigns, useWishes, type WishFilter } from './api';
import { ExportButton } from '../../app/ExportButton';
import { XlsxButton } from '../../app/XlsxButton';
import { CampaignModal } from './CampaignModal';
import { CollectWishModal } from './CollectWishModal';
import { HELPER_LABELS, STATUS_COLORS, STATUS_LABELS } from './labels';
import { WishDrawer } from './WishDrawer';

function Progress({ campaign }: { campaign: WishCampaign }) {
  const { t } = useI18n();
  const p = campaign.progress;
  const steps = [
    { name: t('wishes:collected-3'), value: p.collected },
    { name: t('wishes:claimed'), value: p.claimed },
    { name: t('wishes:fulfilled'), value: p.fulfilled },
    { name: t('wishes:confirmed'), value: p.confirmed },
    { name: t('wishes:thanked'), value: p.thanked },
  ];
  return (
    <Row gutter={16} data-testid="wish-progress">
      <Col xs={24} md={10}>
        <Space size={24} wrap>
          {steps.map((s) => (
            <Statistic key={s.name} title={s.name} value={s.value} />
          ))}
          <Statistic title={t('wishes:fulfilled-on-time')} value={p.onTime} />
          <Statistic title={t('wishes:fulfilled-late')} value={p.late} valueStyle={p.late ? { color: '#cf1322' } : undefined} />
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('wishes:claiming-window')} {campaign.startsOn} – {campaign.endsOn} · {campaign.regionName}
          {campaign.requiredTagName ? ` · ${campaign.requiredTagName}` : ''}
          {campaign.ageMin !== null || campaign.ageMax !== null ? ` · ${campaign.ageMin ?? 0}–${campaign.ageMax ?? '∞'} ${t('wishes:years')}` : ''}
        </Typography.Paragraph>
      </Col>
      <Col xs={24} md={14}>
        <EChart
          style={{ height: 180 }}
          testId="wish-chart"
          option={{
            grid: { left: 40, right: 16, top: 16, bottom: 24 },
            tooltip: { trigger: 'axis' },
            xAxis: { type: 'category', data: steps.map((s) => s.name) },
            yAxis: { type: 'value', minInterval: 1 },
            series: [{ type: 'bar', data: steps.map((s) => s.value), itemStyle: { color: '#d4380d' }, barMaxWidth: 48 }],
          }}
        />
      </Col>
    </Row>
  );
}

/** Per community: collected, fulfilled on time, late, still waiting. */
function ByCommunity({ campaignId }: { campaignId: string }) {
  const { t } = useI18n();
  const rows = useCampaignCommunities(campaignId).data ?? [];
  if (rows.length < 2) return null;
  return (
    <EChart
      style={{ height: 240, marginTop: 16 }}
      testId="wish-community-chart"
      option={{
        tooltip: { trigger: 'axis' },
        legend: {},
        grid: { left: 40, right: 16, top: 32, bottom: 60 },
        xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { rotate: 30 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: t('wishes:fulfilled-on-time'), type: 'bar', stack: 'w', data: rows.map((r) => r.onTime), itemStyle: { color: '#389e0d' } },
          { name: t('wishes:fulfilled-late'), type: 'bar', stack: 'w', data: rows.map((r) => r.late), itemStyle: { color: '#cf1322' } },
          { name: t('wishes:not-yet-fulfilled'), type: 'bar', stack: 'w', data: rows.map((r) => r.collected - r.fulfilled), itemStyle: { color: '#faad14' } },
        ],
      }}
    />
  );
}

export default function WishesPage() {
  const user = useUser();
  const { t, tl } = useI18n();
  const campaigns = useCampaigns();
  const list = useListState<WishFilter>();
  const { filter, setFilter } = list;
  const [openId, setOpenId] = useState<string | null>(null);
  const [campaignOpen, setCampaignOpen] = useState(false);
  const [collectOpen, setCollectOpen] = useState(false);
  const items = useMemo(() => campaigns.data?.items ?? [], [campaigns.data]);
  useEffect(() => {
    if (!filter.campaignId && items.length) setFilter({ campaignId: items[0].id });
  }, [filter.campaignId, items, setFilter]);
  const campaign = items.find((c) => c.id === filter.campaignId);
  const wishes = useWishes(filter, list.page, list.pageSize);
  const canCollect = hasAnyRole(user, ['admin', 'dispatcher', 'community_staff', 'grid_worker']);
  const canCampaign = hasAnyRole(user, ['admin', 'dispatcher']);

  return (
    <>
      <PageHeader
        title={t('common:micro-wishes')}
        subtitle={t('wishes:wishes-collected-at-the-door-claimed-fulfilled')}
        extra={
          <Space>
            <Button href={campaign ? `/r/wishes?campaign=${campaign.id}` : '/r/wishes'} target="_blank" data-testid="wish-wall-link">
              {t('wishes:wish-wall')}
            </Button>
            {canCampaign && (
              <Button icon={<PlusOutlined />} onClick={() => setCampaignOpen(true)} data-testid="campaign-create">
                {t('wishes:new-campaign')}
              </Button>
            )}
            {canCollect && (
              <Button type="primary" icon={<GiftOutlined />} disabled={!campaign} onClick={() => setCollectOpen(true)} data-testid="wish-collect">
                {t('wishes:collect-a-wish')}
              </Button>
            )}
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Space style={{ marginBottom: 12 }}>
          <Select<string>
            style={{ width: 320 }}
            placeholder={t('wishes:choose-a-campaign')}
            value={filter.campaignId}
            onChange={(v) => setFilter({ campaignId: v })}
            options={items.map((c) => ({ value: c.id, label: `${c.name}（${c.startsOn} – ${c.endsOn}）` }))}
            data-testid="campaign-select"
          />
        </Space>
        {campaign ? <Progress campaign={campaign} /> : <Typography.Text type="secondary">{t('wishes:no-campaign-yet-a-dispatcher-or-administrator')}</Typography.Text>}
        {campaign && <ByCommunity campaignId={campaign.id} />}
      </Card>
      <Card>
        <ListPage<Wish, WishFilter>
          listId="wishes"
          rowKey="id"
          data={pageData(wishes)}
          state={list}
          testId="wishes-table"
          toolbar={
            <Space>
            <XlsxButton path="/api/wishes/export.xlsx" query={{ campaignId: filter.campaignId }} filename="微心愿台账.xlsx" testId="wishes-xlsx" />
            <ExportButton<Wish>
              filename="wishes.csv"
              fetchPage={(p, s) => listWishes(filter, p, s)}
              columns={[
                { title: t('wishes:recipient'), value: (w) => w.initial },
                { title: t('wishes:age'), value: (w) => String(w.age) },
                { title: t('wishes:community'), value: (w) => w.communityName },
                { title: t('wishes:wish'), value: (w) => w.content },
                { title: t('wishes:status'), value: (w) => tl(STATUS_LABELS[w.status]) },
                { title: t('wishes:helpers-2'), value: (w) => w.helpers.map((h) => `${tl(HELPER_LABELS[h.kind])} ${h.name}`).join('；') },
                { title: t('wishes:fulfilled-on'), value: (w) => w.fulfilledOn ?? '' },
                { title: t('wishes:late'), value: (w) => (w.late ? t('wishes:yes') : '') },
                { title: t('wishes:confirmed-2'), value: (w) => formatTime(w.confirmedAt) },
              ]}
            />
            </Space>
          }
          totalText={(n) => t('wishes:n-wishes', { n })}
          onRowClick={(w) => setOpenId(w.id)}
          filters={
            <Select<WishStatus>
              allowClear
              placeholder={t('wishes:any-status')}
              value={filter.status}
              onChange={(v) => setFilter({ status: v })}
              options={(Object.keys(STATUS_LABELS) as WishStatus[]).map((s) => ({ value: s, label: tl(STATUS_LABELS[s]) }))}
              style={{ width: 160 }}
            />
          }
          empty={(filtered) => ({
            title: filtered ? t('wishes:no-wish-matches') : t('wishes:no-wishes-yet'),
            hint: filtered ? t('wishes:change-or-clear-the-filters') : t('wishes:use-collect-a-wish-at-the-door-for-a-person-of'),
          })}
          columns={[
            { title: t('wishes:recipient'), dataIndex: 'initial', width: 110, render: (v: string, w) => `${v} · ${w.age}${t('wishes:y')}` },
            { title: t('wishes:community'), dataIndex: 'communityName', width: 160 },
            { title: t('wishes:wish'), dataIndex: 'content' },
            {
              title: t('wishes:status'),
              dataIndex: 'status',
              width: 120,
              render: (s: WishStatus, w) => (
                <Space size={4}>
                  <Tag color={STATUS_COLORS[s]} data-testid={`wish-status-${w.id}`}>
                    {tl(STATUS_LABELS[s])}
                  </Tag>
                  {w.late && <Tag color="red">{t('wishes:late')}</Tag>}
                </Space>
              ),
            },
            { title: t('wishes:helpers-2'), dataIndex: 'helpers', render: (hs: Wish['helpers']) => hs.map((h) => `${tl(HELPER_LABELS[h.kind])} ${h.name}`).join('；') || '—' },
            { title: t('wishes:collected-2'), dataIndex: 'collectedAt', width: 150, render: formatTime },
          ]}
        />
      </Card>
      <WishDrawer id={openId} onClose={() => setOpenId(null)} />
      {canCampaign && <CampaignModal open={campaignOpen} onClose={() => setCampaignOpen(false)} />}
      {campaign && <CollectWishModal open={collectOpen} campaign={campaign} onClose={() => setCollectOpen(false)} />}
    </>
  );
}
