import { useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App, Badge, Button, Card, DatePicker, Flex, Input, Select, Space, Tabs, Tag, Tooltip, Typography } from 'antd';
import { CheckOutlined, DownloadOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { chinaDate, chinaDateTime } from '../../shared/time';
import { errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { LoadError, PageHeader } from '../../app/components';
import { formatTime, shortRegion } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useUrlListState } from '../../app/list/useListState';
import type { AppealBox, AppealChannel, AppealClock, AppealFilter, AppealListItem, AppealStatus, Urgency } from '../../app/contract';
import { CategorySelect } from '../orgs/CategorySelect';
import { useCategories } from '../orgs/api';
import { RegionPicker } from '../regions/RegionPicker';
import { useAppeals, useInbox } from './api';
import { downloadFile } from '../../app/download';
import { BulkAcceptModal } from './BulkAcceptModal';
import { ClustersButton } from './ClustersButton';
import { BulkDispatchModal } from './BulkDispatchModal';
import { PressingTags } from './PressingTags';
import { BOX_LABELS, CHANNEL_LABELS, CHANNELS, CLOCK_COLORS, CLOCK_LABELS, LIMIT_UNIT_LABELS, STATUS_LABELS, STATUSES, URGENCY_LABELS } from './labels';
import { PhoneSearchField, usePhoneSearch } from './PhoneSearch';
import { RegisterAppealModal } from './RegisterAppealModal';
import { StatusTag, UrgencyTag } from './tags';
import { lookup } from '../../shared/lookup';

const FILTER_KEYS = ['status', 'channel', 'categoryCode', 'urgency', 'regionCode', 'orgId', 'q', 'from', 'to'] as const;

/** Secondary columns a 1280 px screen leaves out until the person brings them back (column settings). */
const DEFAULT_HIDDEN = ['channel', 'regionName', 'createdAt'];

/** A deadline in a narrow cell, in China time: this year's without the year. */
function shortTime(iso: string): string {
  const full = chinaDateTime(iso);
  return full.slice(0, 4) === chinaDate(new Date()).slice(0, 4) ? full.slice(5) : full.slice(0, 10);
}

/** Dates in the address are days; the API wants instants (start and end of the China day, whatever the browser's zone). */
function apiFilter(filter: AppealFilter, box: AppealBox): AppealFilter {
  return {
    ...filter,
    box,
    from: filter.from ? new Date(`${dayjs(filter.from).format('YYYY-MM-DD')}T00:00:00+08:00`).toISOString() : undefined,
    to: filter.to ? new Date(`${dayjs(filter.to).format('YYYY-MM-DD')}T23:59:59.999+08:00`).toISOString() : undefined,
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
  const categories = useCategories();
  const categoryNames = useMemo(() => new Map((categories.data ?? []).map((c) => [c.code, c.name])), [categories.data]);
  const [registerOpen, setRegisterOpen] = useState(false);
  const [selected, setSelected] = useState<AppealListItem[]>([]);
  const [bulkOpen, setBulkOpen] = useState<'accept' | 'dispatch' | null>(null);
  const [exporting, setExporting] = useState<'filter' | 'selected' | null>(null);
  const navigate = useNavigate();

  const canRegister = hasAnyRole(user, ['admin', 'dispatcher', 'community_staff', 'grid_worker']);
  const canAccept = hasAnyRole(user, ['admin', 'dispatcher', 'community_staff']);
  const canDispatch = hasAnyRole(user, ['admin', 'dispatcher']);
  const canExport = hasAnyRole(user, ['admin', 'leader', 'dispatcher', 'handler', 'community_staff']);
  const canSelect = canAccept || canDispatch || canExport;
  const toAccept = selected.filter((a) => a.status === 'registered');
  const toDispatch = selected.filter((a) => a.status === 'accepted');

  const phoneSearch = usePhoneSearch();
  const { phone } = phoneSearch;
  const filtered = FILTER_KEYS.some((k) => filter[k]) || !!phone;
  const listQuery: AppealFilter = { ...query, phone };
  // Without a chosen tab, the list waits for the counts that pick the opening box (one request, not two).
  const appeals = useAppeals(listQuery, page, pageSize, !!boxParam || !inbox.isPending);

  // A selection belongs to one page of one filter.
  const key = JSON.stringify([listQuery, page, pageSize]);
  useEffect(() => setSelected([]), [key]);

  const exportLedger = async (only?: AppealListItem[]) => {
    setExporting(only ? 'selected' : 'filter');
    try {
      const { box: _box, ...rest } = listQuery;
      const q = only ? { ids: only.map((a) => a.id).join(',') } : { ...rest, box: box === 'all' ? undefined : box };
      const name = `appeals-${dayjs().format('YYYY-MM-DD')}.xlsx`;
      // By phone, the filters go in a POST body: the number never travels in an address.
      if (!only && rest.phone) await downloadFile('/api/appeals/export', {}, name, q);
      else await downloadFile('/api/appeals/export', q, name);
      message.success(t('appeals:ledger-exported'));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setExporting(null);
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
            <ClustersButton canMerge={hasAnyRole(user, ['dispatcher', 'admin'])} />
            {canExport && (
              <Button icon={<DownloadOutlined />} loading={exporting === 'filter'} onClick={() => void exportLedger()} data-testid="appeals-export">
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
          scroll={{ x: 'columns' }}
          defaultHidden={DEFAULT_HIDDEN}
          onRowClick={(a, e) => {
            // Ctrl/⌘-click opens the appeal beside the inbox, as the number's link does.
            if (e.ctrlKey || e.metaKey) window.open(`/appeals/${a.id}`, '_blank', 'noopener');
            else void navigate(`/appeals/${a.id}`);
          }}
          onRow={(a) =>
            ({
              className: a.deadline?.state === 'red' ? 'ts-row-overdue' : a.deadline?.state === 'yellow' ? 'ts-row-due-soon' : undefined,
              'data-testid': 'appeal-row',
              'data-appeal-id': a.id,
            }) as HTMLAttributes<HTMLElement>
          }
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
              <PhoneSearchField search={phoneSearch} />
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
            canSelect && (
              <Flex align="center" gap={12} wrap style={{ marginBottom: 12 }}>
                {canAccept && (
                  <Tooltip title={t('appeals:accept-the-registered-appeals-among-those-chosen')}>
                    <Button icon={<CheckOutlined />} disabled={!toAccept.length} onClick={() => setBulkOpen('accept')} data-testid="bulk-accept">
                      {t('appeals:accept-selected')}
                      {toAccept.length ? `（${toAccept.length}）` : ''}
                    </Button>
                  </Tooltip>
                )}
                {canDispatch && (
                  <Tooltip title={t('appeals:choose-accepted-appeals-to-dispatch-them-to-one')}>
                    <Button icon={<SendOutlined />} disabled={!toDispatch.length} onClick={() => setBulkOpen('dispatch')} data-testid="bulk-dispatch">
                      {t('appeals:dispatch-selected')}
                      {toDispatch.length ? `（${toDispatch.length}）` : ''}
                    </Button>
                  </Tooltip>
                )}
                {canExport && (
                  <Button
                    icon={<DownloadOutlined />}
                    disabled={!selected.length}
                    loading={exporting === 'selected'}
                    onClick={() => void exportLedger(selected)}
                    data-testid="bulk-export"
                  >
                    {t('appeals:export-selected')}
                    {selected.length ? `（${selected.length}）` : ''}
                  </Button>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('appeals:tick-appeals-to-accept-registered-ones-dispatch')}
                </Typography.Text>
              </Flex>
            )
          }
          rowSelection={
            canSelect
              ? {
                  selectedRowKeys: selected.map((a) => a.id),
                  onChange: (_keys, rows) => setSelected(rows),
                  columnWidth: 48,
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
            // The phone search is not one of the address's filters: “clear filters” would leave it.
            action: phone ? (
              <Button onClick={phoneSearch.clear} data-testid="appeals-phone-clear">
                {t('appeals:clear-the-phone-search')}
              </Button>
            ) : (
              !filtered &&
              canRegister && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegisterOpen(true)}>
                  {t('appeals:register-an-appeal')}
                </Button>
              )
            ),
          }}
          columns={[
            {
              title: t('appeals:number'),
              dataIndex: 'number',
              width: 172,
              fixed: 'left',
              render: (n: string, a) => (
                <Link to={`/appeals/${a.id}`} data-testid="appeal-link">
                  {n}
                </Link>
              ),
            },
            {
              title: t('appeals:title-category'),
              dataIndex: 'title',
              width: 240,
              fixed: 'left',
              ellipsis: true,
              render: (title: string, a) => (
                <Flex vertical gap={2} style={{ minWidth: 0 }}>
                  <Space size={4} style={{ minWidth: 0 }}>
                    <UrgencyTag urgency={a.urgency} />
                    {a.fastTrack && (
                      <Tag color="volcano" data-testid="fast-track-tag">
                        {t('appeals:same-day')}
                      </Tag>
                    )}
                    <PressingTags urgeCount={a.urgeCount} superviseCount={a.superviseCount} affected={a.affected} />
                    <Tooltip title={title}>
                      <Typography.Text ellipsis style={{ maxWidth: 200 }}>
                        {title}
                      </Typography.Text>
                    </Tooltip>
                  </Space>
                  <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
                    {categoryNames.get(a.categoryCode) ?? a.categoryCode}
                  </Typography.Text>
                </Flex>
              ),
            },
            { title: t('appeals:handled-by'), dataIndex: 'handlingOrgName', width: 150, ellipsis: true, render: (n: string | null, a) => n ?? (a.onSpot ? t('appeals:on-the-spot') : '—') },
            { title: t('appeals:channel'), dataIndex: 'channel', width: 96, render: (c: AppealChannel) => tl(CHANNEL_LABELS[c], c) },
            {
              title: t('appeals:area-2'),
              dataIndex: 'regionName',
              width: 140,
              render: (n: string) => (
                <Tooltip title={n}>
                  <span>{shortRegion(n)}</span>
                </Tooltip>
              ),
            },
            { title: t('appeals:registered'), dataIndex: 'createdAt', width: 140, render: formatTime },
            {
              title: t('appeals:status'),
              dataIndex: 'status',
              width: 92,
              fixed: 'right',
              render: (st: AppealStatus) => (
                <span data-testid="appeal-row-status">
                  <StatusTag status={st} />
                </span>
              ),
            },
            {
              title: t('appeals:time-limit'),
              key: 'timeLimit',
              width: 96,
              fixed: 'right',
              render: (_: unknown, a) =>
                a.timeLimit ? (
                  <Tooltip title={a.timeLimit.stage === 'accept' ? t('appeals:time-to-accept') : t('appeals:time-to-handle')}>
                    <span data-testid="appeal-row-limit">
                      {a.timeLimit.amount}
                      {tl(lookup(LIMIT_UNIT_LABELS, a.timeLimit.unit), a.timeLimit.unit)}
                    </span>
                  </Tooltip>
                ) : (
                  '—'
                ),
            },
            {
              title: t('appeals:deadline'),
              key: 'deadline',
              width: 112,
              fixed: 'right',
              render: (_: unknown, a) =>
                a.deadline ? (
                  <Tooltip title={`${a.deadline.stage === 'accept' ? t('appeals:accept-by-2') : t('appeals:handle-by-2')}：${formatTime(a.deadline.at)}`}>
                    <span data-testid="appeal-row-deadline">{shortTime(a.deadline.at)}</span>
                  </Tooltip>
                ) : (
                  <span data-testid="appeal-row-deadline">—</span>
                ),
            },
            {
              title: t('appeals:due-3'),
              key: 'mark',
              width: 96,
              fixed: 'right',
              render: (_: unknown, a) => (
                <span data-testid="appeal-row-mark" data-state={a.deadline?.state ?? 'none'}>
                  {a.deadline ? (
                    <Tag color={CLOCK_COLORS[a.deadline.state as AppealClock]} style={{ marginInlineEnd: 0 }}>
                      {tl(CLOCK_LABELS[a.deadline.state as AppealClock])}
                    </Tag>
                  ) : (
                    '—'
                  )}
                </span>
              ),
            },
          ]}
        />
      </Card>
      <RegisterAppealModal open={registerOpen} onClose={() => setRegisterOpen(false)} />
      {bulkOpen === 'dispatch' && <BulkDispatchModal appeals={toDispatch} onClose={() => setBulkOpen(null)} onDone={() => setSelected([])} />}
      {bulkOpen === 'accept' && <BulkAcceptModal appeals={toAccept} onClose={() => setBulkOpen(null)} onDone={() => setSelected([])} />}
    </>
  );
}
