import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { App, Button, Card, Descriptions, Drawer, Empty, Flex, Input, List, Select, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { LoadError, PageHeader } from '../../app/components';
import { EChart, type EChartsCoreOption } from '../../app/echarts';
import { useI18n } from '../../app/i18n';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useUrlListState } from '../../app/list/useListState';
import type { WarningDetail, WarningItem } from '../../app/contract';
import { useCategories } from '../orgs/api';
import { useWarning, useWarningAction, useWarnings } from './api';
import { WarningRules } from './WarningRules';
import { WarningThresholds } from './WarningThresholds';

type Status = WarningItem['status'];
type Level = WarningItem['level'];

function useLevelLabels(): Record<Level, { label: string; color: string }> {
  const { t } = useI18n();
  return {
    grid: { label: t('assessment:grid'), color: 'purple' },
    community: { label: t('assessment:community'), color: 'geekblue' },
    township: { label: t('assessment:township'), color: 'default' },
  };
}

function useStatusLabels(): Record<Status, { label: string; color: string }> {
  const { t } = useI18n();
  return {
    open: { label: t('assessment:open'), color: 'red' },
    acknowledged: { label: t('assessment:acknowledged'), color: 'orange' },
    handled: { label: t('assessment:handled'), color: 'green' },
  };
}

function useCategoryNames() {
  const categories = useCategories();
  return useMemo(() => new Map((categories.data ?? []).map((c) => [c.code, c.name])), [categories.data]);
}

/** 未诉先办: the early warnings of the caller's area, newest first; a row opens its chart, appeals and tags. */
export default function WarningsPage() {
  const { t } = useI18n();
  const user = useUser();
  const { id } = useParams();
  const navigate = useNavigate();
  const list = useUrlListState(['status', 'kind', 'level'] as const);
  const warnings = useWarnings({ status: list.filter.status, kind: list.filter.kind, level: list.filter.level, page: list.page, pageSize: list.pageSize });
  const STATUS = useStatusLabels();
  const LEVEL = useLevelLabels();
  const names = useCategoryNames();
  const table = (
    <ListPage<WarningItem, { status?: string; kind?: string; level?: string }>
      listId="warnings"
      rowKey="id"
      state={list}
      data={pageData(warnings)}
      testId="warnings-table"
      onRowClick={(r) => navigate(`/warnings/${r.id}`)}
      filters={
        <Space>
          <Select
            allowClear
            placeholder={t('assessment:status')}
            style={{ width: 140 }}
            value={list.filter.status}
            onChange={(v) => list.setFilter({ ...list.filter, status: v })}
            options={(Object.keys(STATUS) as Status[]).map((s) => ({ value: s, label: STATUS[s].label }))}
          />
          <Select
            allowClear
            placeholder={t('assessment:kind')}
            style={{ width: 140 }}
            value={list.filter.kind}
            onChange={(v) => list.setFilter({ ...list.filter, kind: v })}
            options={[
              { value: 'rise', label: t('assessment:rise') },
              { value: 'season', label: t('assessment:seasonal') },
            ]}
          />
          <Select
            allowClear
            placeholder={t('assessment:level')}
            style={{ width: 140 }}
            value={list.filter.level}
            onChange={(v) => list.setFilter({ ...list.filter, level: v })}
            options={(Object.keys(LEVEL) as Level[]).map((l) => ({ value: l, label: LEVEL[l].label }))}
            data-testid="warnings-level"
          />
        </Space>
      }
      empty={{ title: t('assessment:no-warnings'), hint: t('assessment:each-monday-last-weeks-appeals-per-community-and') }}
      columns={[
        { title: t('assessment:week-or-season'), dataIndex: 'periodStart', width: 200, render: (_: string, r) => `${r.periodStart} — ${r.periodEnd}` },
        { title: t('assessment:place'), dataIndex: 'regionName', width: 180 },
        { title: t('assessment:level'), dataIndex: 'level', width: 90, render: (l: Level) => <Tag color={LEVEL[l].color}>{LEVEL[l].label}</Tag> },
        { title: t('assessment:category'), dataIndex: 'categoryCodes', render: (c: string[]) => c.map((x) => names.get(x) ?? x).join('、') },
        {
          title: t('assessment:kind'),
          dataIndex: 'kind',
          width: 100,
          render: (k: string) => (k === 'rise' ? <Tag color="volcano">{t('assessment:rise')}</Tag> : <Tag color="blue">{t('assessment:seasonal')}</Tag>),
        },
        { title: t('assessment:appeals-2'), dataIndex: 'count', width: 80, align: 'right' as const },
        { title: t('assessment:usual-level'), dataIndex: 'baseline', width: 100, align: 'right' as const, render: (v: number | null) => v ?? '—' },
        { title: t('assessment:status'), dataIndex: 'status', width: 100, render: (s: Status) => <Tag color={STATUS[s].color}>{STATUS[s].label}</Tag> },
      ]}
    />
  );
  return (
    <>
      <PageHeader title={t('assessment:early-warnings')} />
      <Tabs
        items={[
          { key: 'list', label: t('assessment:warnings'), children: table },
          ...(hasAnyRole(user, ['admin', 'leader', 'dispatcher', 'community_staff'])
            ? [
                {
                  key: 'rules',
                  label: t('assessment:seasonal-rules'),
                  children: (
                    <>
                      <WarningThresholds />
                      <WarningRules />
                    </>
                  ),
                },
              ]
            : []),
        ]}
      />
      <WarningDrawer id={id} onClose={() => navigate('/warnings')} />
    </>
  );
}

/** The weeks the rise was judged on: counts, the usual level and the control limit. */
function SeriesChart({ series }: { series: WarningDetail['series'] }) {
  const { t } = useI18n();
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: series.map((p) => p.week.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('assessment:new-appeals'),
          type: 'bar',
          barMaxWidth: 24,
          data: series.map((p) => ({ value: p.count, itemStyle: { color: p.alarm ? '#c8161d' : '#1d4ed8' } })),
        },
        { name: t('assessment:usual-level'), type: 'line', data: series.map((p) => p.baseline), itemStyle: { color: '#13c2c2' }, showSymbol: false },
        { name: t('assessment:control-limit'), type: 'line', data: series.map((p) => p.limit), lineStyle: { type: 'dashed' }, itemStyle: { color: '#fa8c16' }, showSymbol: false },
      ],
    }),
    [series, t],
  );
  return <EChart option={option} style={{ height: 260 }} testId="warning-chart" />;
}

function WarningDrawer({ id, onClose }: { id?: string; onClose: () => void }) {
  const { t } = useI18n();
  const w = useWarning(id);
  return (
    <Drawer open={!!id} width={720} onClose={onClose} title={t('assessment:warning')} destroyOnHidden>
      {w.error ? <LoadError error={w.error} /> : !w.data ? <Skeleton active /> : <WarningBody w={w.data} />}
    </Drawer>
  );
}

function WarningBody({ w }: { w: WarningDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const STATUS = useStatusLabels();
  const LEVEL = useLevelLabels();
  const names = useCategoryNames();
  const act = useWarningAction(w.id);
  const [note, setNote] = useState('');
  const from = w.periodStart;
  const inbox = `/appeals?${new URLSearchParams({ box: 'all', regionCode: w.regionCode, categoryCode: w.categoryCodes[0] ?? '', from, to: w.periodEnd }).toString()}`;
  const run = (action: 'acknowledge' | 'handle') =>
    act.mutate({ action, note: note.trim() || undefined }, { onSuccess: () => setNote(''), onError: (e) => void message.error(errorText(e)) });
  return (
    <Flex vertical gap={16} data-testid="warning-detail">
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('assessment:place')}>
          {w.regionName}{' '}
          <Tag color={LEVEL[w.level].color} data-testid="warning-level">
            {LEVEL[w.level].label}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('assessment:category')}>{w.categoryCodes.map((x) => names.get(x) ?? x).join('、')}</Descriptions.Item>
        <Descriptions.Item label={t('assessment:week-or-season')}>
          {w.periodStart} — {w.periodEnd}
        </Descriptions.Item>
        <Descriptions.Item label={t('assessment:status')}>
          <Tag color={STATUS[w.status].color} data-testid="warning-status">
            {STATUS[w.status].label}
          </Tag>
        </Descriptions.Item>
        {w.kind === 'rise' ? (
          <Descriptions.Item label={t('assessment:this-week-usual-limit')} span={2}>
            {w.count} / {w.baseline ?? '—'} / {w.controlLimit ?? '—'}
          </Descriptions.Item>
        ) : (
          <Descriptions.Item label={t('assessment:same-season-last-year')} span={2}>
            {w.count}
          </Descriptions.Item>
        )}
        {w.message && (
          <Descriptions.Item label={t('assessment:message')} span={2}>
            {w.message}
          </Descriptions.Item>
        )}
        {w.note && (
          <Descriptions.Item label={t('assessment:note')} span={2}>
            {w.note}
          </Descriptions.Item>
        )}
      </Descriptions>
      {w.series.length > 0 && <SeriesChart series={w.series} />}
      <Card size="small" title={t('assessment:households-at-risk-count-per-tag')}>
        {w.tags.length ? (
          <Flex gap={8} wrap data-testid="warning-tags">
            {w.tags.map((x) => (
              <Tag key={x.code} color={x.vulnerable ? 'magenta' : undefined}>
                {x.name} {x.households}
              </Tag>
            ))}
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('assessment:no-tagged-households-or-no-access-to-household')}</Typography.Text>
        )}
      </Card>
      {w.kind === 'rise' && (
        <Card size="small" title={t('assessment:the-appeals-behind-it')} extra={<Link to={inbox}>{t('assessment:open-in-the-inbox')}</Link>}>
          {w.appeals.length ? (
            <List size="small" dataSource={w.appeals} renderItem={(a) => <List.Item><Link to={`/appeals/${a.id}`}>{a.number}</Link> {a.title}</List.Item>} />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
        </Card>
      )}
      {w.status !== 'handled' && hasAnyRole(user, ['admin', 'leader', 'dispatcher']) && (
        <Flex vertical gap={8}>
          <Input.TextArea rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('assessment:note-required-to-handle')} data-testid="warning-note" />
          <Space>
            {w.status === 'open' && (
              <Button onClick={() => run('acknowledge')} loading={act.isPending} data-testid="warning-acknowledge">
                {t('assessment:acknowledge')}
              </Button>
            )}
            <Button type="primary" disabled={!note.trim()} onClick={() => run('handle')} loading={act.isPending} data-testid="warning-handle">
              {t('assessment:mark-handled')}
            </Button>
          </Space>
        </Flex>
      )}
    </Flex>
  );
}
