import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Badge, Button, Card, DatePicker, Flex, Input, Select, Space, Tabs, Tooltip, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { LoadError, PageHeader } from '../../app/components';
import { formatTime, shortRegion } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useUrlListState } from '../../app/list/useListState';
import type { AppealBox, AppealChannel, AppealFilter, AppealListItem, AppealStatus, Urgency } from '../../app/contract';
import { CategorySelect } from '../orgs/CategorySelect';
import { useCategories } from '../orgs/api';
import { RegionPicker } from '../regions/RegionPicker';
import { downloadFile, useAppeals, useInbox } from './api';
import { BulkDispatchModal } from './BulkDispatchModal';
import { PressingTags } from './PressingTags';
import { BOX_LABELS, CHANNEL_LABELS, CHANNELS, STATUS_LABELS, STATUSES, URGENCY_LABELS } from './labels';
import { RegisterAppealModal } from './RegisterAppealModal';
import { ClockTag, StatusTag, UrgencyTag } from './tags';

const FILTER_KEYS = ['status', 'channel', 'categoryCode', 'urgency', 'regionCode', 'q', 'from', 'to'] as const;

/** Dates in the address are days; the API wants instants (start and end of the day). */
function apiFilter(filter: AppealFilter, box: AppealBox): AppealFilter {
  return {
    ...filter,
    box,
    from: filter.from ? dayjs(filter.from).startOf('day').toISOString() : undefined,
    to: filter.to ? dayjs(filter.to).endOf('day').toISOString() : undefined,
  };
}

export default function AppealsPage() {
  const user = useUser();
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  // The filters live in the address, so a filtered list can be bookmarked and survives “back”.
  const list = useUrlListState(FILTER_KEYS);
  const filter = list.filter as AppealFilter;
  const boxParam = (list.params.get('box') as AppealBox | null) ?? undefined;
  const { page, pageSize, setParams: update } = list;
  const inbox = useInbox();
  const boxes = useMemo(() => (inbox.data ? (Object.keys(inbox.data) as AppealBox[]) : []), [inbox.data]);
  // Until the caller picks a tab, open the first box with work waiting (or everything).
  const box: AppealBox = boxParam ?? (inbox.data ? (boxes.find((b) => (inbox.data?.[b] ?? 0) > 0 && b !== 'overdue') ?? 'all') : 'all');
  const query = apiFilter(filter, box);
  // Without a chosen tab, wait for the counts that pick the opening box (one list request, not two).
  const appeals = useAppeals(query, page, pageSize, !!boxParam || !inbox.isPending);
  const categories = useCategories();
  const categoryNames = useMemo(() => new Map((categories.data ?? []).map((c) => [c.code, c.name])), [categories.data]);
  const [registerOpen, setRegisterOpen] = useState(false);
  const [selected, setSelected] = useState<AppealListItem[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [exporting, setExporting] = useState(false);

  const canRegister = hasAnyRole(user, ['admin', 'dispatcher', 'community_staff', 'grid_worker']);
  const canDispatch = hasAnyRole(user, ['admin', 'dispatcher']);
  const canExport = hasAnyRole(user, ['admin', 'leader', 'dispatcher', 'handler', 'community_staff']);
  const filtered = FILTER_KEYS.some((k) => filter[k]);

  // A selection belongs to one page of one filter.
  const key = JSON.stringify([query, page, pageSize]);
  useEffect(() => setSelected([]), [key]);

  const exportLedger = async () => {
    setExporting(true);
    try {
      const { box: _box, ...rest } = query;
      await downloadFile('/api/appeals/export', { ...rest, box: box === 'all' ? undefined : box }, `appeals-${dayjs().format('YYYY-MM-DD')}.xlsx`);
      message.success(t('appeals:ledger-exported'));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setExporting(false);
    }
  };

  const tabItems = [
    ...boxes.map((b) => ({
      key: b,
      label: (
        <span data-testid={`inbox-tab-${b}`}>
          {tl(BOX_LABELS[b])}
          <Badge count={inbox.data?.[b] ?? 0} overflowCount={999} size="small" color={b === 'overdue' ? 'red' : undefined} style={{ marginInlineStart: 6 }} />
        </span>
      ),
    })),
    { key: 'all', label: <span data-testid="inbox-tab-all">{tl(BOX_LABELS.all)}</span> },
  ];

  return (
    <>
      <PageHeader
        title={t('common:appeals')}
        subtitle={t('appeals:register-accept-dispatch-handle-report-back')}
        extra={
          <>
            {canExport && (
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportLedger()} data-testid="appeals-export">
                {t('appeals:export-ledger')}
              </Button>
            )}
            {canRegister && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegisterOpen(true)} data-testid="appeal-register">
                {t('appeals:register-an-appeal')}
              </Button>
            )}
          </>
        }
      />
      <Card styles={{ body: { paddingTop: 4 } }}>
        {inbox.isError && <LoadError error={inbox.error} onRetry={() => void inbox.refetch()} />}
        <Tabs activeKey={box} onChange={(k) => update({ box: k })} items={tabItems} data-testid="inbox-tabs" />
        <ListPage<AppealListItem, Partial<Record<(typeof FILTER_KEYS)[number], string>>>
          listId="appeals"
          rowKey="id"
          data={{ ...pageData(appeals), loading: appeals.isFetching || appeals.isPending }}
          state={list}
          testId="appeals-table"
          scroll={{ x: 1480 }}
          totalText={(n) => t('appeals:n-appeals', { n })}
          filters={
            <>
              <Input.Search
                key={`q-${filter.q ?? ''}`}
                allowClear
                defaultValue={filter.q}
                placeholder={t('appeals:number-or-words-all-must-match')}
                onSearch={(v) => update({ q: v.trim() || undefined })}
                style={{ width: 280 }}
                data-testid="appeals-search"
              />
              <Select<AppealStatus>
                allowClear
                placeholder={t('appeals:any-status')}
                value={filter.status}
                onChange={(v) => update({ status: v })}
                options={STATUSES.map((s) => ({ value: s, label: tl(STATUS_LABELS[s]) }))}
                style={{ width: 130 }}
                data-testid="filter-status"
              />
              <Select<AppealChannel>
                allowClear
                placeholder={t('appeals:any-channel')}
                value={filter.channel}
                onChange={(v) => update({ channel: v })}
                options={CHANNELS.map((c) => ({ value: c, label: tl(CHANNEL_LABELS[c]) }))}
                style={{ width: 130 }}
              />
              <div style={{ width: 190 }}>
                <CategorySelect
                  multiple={false}
                  value={filter.categoryCode}
                  onChange={(v) => update({ categoryCode: typeof v === 'string' ? v : undefined })}
                  placeholder={t('appeals:any-category')}
                />
              </div>
              <Select<Urgency>
                allowClear
                placeholder={t('appeals:urgency')}
                value={filter.urgency}
                onChange={(v) => update({ urgency: v })}
                options={(Object.keys(URGENCY_LABELS) as Urgency[]).map((u) => ({ value: u, label: tl(URGENCY_LABELS[u]) }))}
                style={{ width: 110 }}
              />
              <RegionPicker includeGrids value={filter.regionCode} onChange={(v) => update({ regionCode: v })} placeholder={t('appeals:any-area')} style={{ width: 200 }} />
              <DatePicker.RangePicker
                value={filter.from || filter.to ? [filter.from ? dayjs(filter.from) : null, filter.to ? dayjs(filter.to) : null] : null}
                onChange={(r) => update({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
                allowEmpty={[true, true]}
                placeholder={[t('appeals:from'), t('appeals:to')]}
                style={{ width: 250 }}
              />
            </>
          }
          bulk={
            canDispatch && (
              <Flex align="center" gap={12} style={{ marginBottom: 12 }}>
                <Tooltip title={t('appeals:choose-accepted-appeals-to-dispatch-them-to-one')}>
                  <Button icon={<SendOutlined />} disabled={!selected.length} onClick={() => setBulkOpen(true)} data-testid="bulk-dispatch">
                    {t('appeals:dispatch-selected')}
                    {selected.length ? `（${selected.length}）` : ''}
                  </Button>
                </Tooltip>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('appeals:only-accepted-appeals-can-be-selected-for')}
                </Typography.Text>
              </Flex>
            )
          }
          rowSelection={
            canDispatch
              ? {
                  selectedRowKeys: selected.map((a) => a.id),
                  onChange: (_keys, rows) => setSelected(rows),
                  getCheckboxProps: (a) => ({ disabled: a.status !== 'accepted' }),
                }
              : undefined
          }
          empty={{
            title: filtered ? t('appeals:no-appeal-matches') : box === 'all' ? t('appeals:no-appeals-yet') : t('appeals:nothing-waiting-here'),
            hint: filtered
              ? t('appeals:change-or-clear-the-filters')
              : canRegister
                ? t('appeals:use-register-an-appeal-for-what-you-hear-on')
                : t('appeals:appeals-dispatched-to-your-organisation-appear'),
            action: !filtered && canRegister && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegisterOpen(true)}>
                {t('appeals:register-an-appeal')}
              </Button>
            ),
          }}
          columns={[
            {
              title: t('appeals:number'),
              dataIndex: 'number',
              width: 190,
              fixed: 'left',
              render: (n: string, a) => (
                <Link to={`/appeals/${a.id}`} data-testid="appeal-link">
                  {n}
                </Link>
              ),
            },
            {
              title: t('appeals:title'),
              dataIndex: 'title',
              width: 280,
              ellipsis: true,
              render: (title: string, a) => (
                <Space size={4}>
                  <UrgencyTag urgency={a.urgency} />
                  <PressingTags urgeCount={a.urgeCount} superviseCount={a.superviseCount} />
                  <Tooltip title={title}>
                    <span>{title}</span>
                  </Tooltip>
                </Space>
              ),
            },
            { title: t('appeals:category'), dataIndex: 'categoryCode', width: 120, render: (c: string) => categoryNames.get(c) ?? c },
            { title: t('appeals:channel'), dataIndex: 'channel', width: 100, render: (c: AppealChannel) => tl(CHANNEL_LABELS[c], c) },
            {
              title: t('appeals:area-2'),
              dataIndex: 'regionName',
              width: 150,
              render: (n: string) => (
                <Tooltip title={n}>
                  <span>{shortRegion(n)}</span>
                </Tooltip>
              ),
            },
            { title: t('appeals:handled-by'), dataIndex: 'handlingOrgName', width: 160, ellipsis: true, render: (n: string | null, a) => n ?? (a.onSpot ? t('appeals:on-the-spot') : '—') },
            { title: t('appeals:status'), dataIndex: 'status', width: 96, render: (s: AppealStatus) => <StatusTag status={s} /> },
            { title: t('appeals:clock'), dataIndex: 'clock', width: 100, render: (_: unknown, a) => <ClockTag clock={a.clock} dueAt={a.handlingDueAt} /> },
            { title: t('appeals:registered'), dataIndex: 'createdAt', width: 140, render: formatTime },
            {
              title: t('appeals:due'),
              dataIndex: 'handlingDueAt',
              width: 140,
              render: formatTime,
            },
          ]}
        />
      </Card>
      <RegisterAppealModal open={registerOpen} onClose={() => setRegisterOpen(false)} />
      {bulkOpen && <BulkDispatchModal appeals={selected} onClose={() => setBulkOpen(false)} onDone={() => setSelected([])} />}
    </>
  );
}
