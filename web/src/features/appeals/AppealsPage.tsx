import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { App, Badge, Button, Card, DatePicker, Flex, Input, Select, Space, Table, Tabs, Tooltip, Typography } from 'antd';
import { PressingTags } from './PressingTags';
import { DownloadOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { EmptyHint, LoadError, PageHeader } from '../../app/components';
import { formatTime, shortRegion } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { AppealBox, AppealChannel, AppealFilter, AppealListItem, AppealStatus, Urgency } from '../../app/contract';
import { CategorySelect } from '../orgs/CategorySelect';
import { useCategories } from '../orgs/api';
import { RegionPicker } from '../regions/RegionPicker';
import { downloadFile, useAppeals, useInbox } from './api';
import { BulkDispatchModal } from './BulkDispatchModal';
import { BOX_LABELS, CHANNEL_LABELS, CHANNELS, STATUS_LABELS, STATUSES, URGENCY_LABELS } from './labels';
import { RegisterAppealModal } from './RegisterAppealModal';
import { ClockTag, StatusTag, UrgencyTag } from './tags';

const FILTER_KEYS = ['status', 'channel', 'categoryCode', 'urgency', 'regionCode', 'q', 'from', 'to'] as const;

/** The filters live in the address, so a filtered list can be bookmarked and survives “back”. */
function useListState() {
  const [params, setParams] = useSearchParams();
  const filter: AppealFilter = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) (filter as Record<string, string>)[k] = v;
  }
  const box = (params.get('box') as AppealBox | null) ?? undefined;
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const update = (patch: Record<string, string | number | undefined>, keepPage = false) => {
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        for (const [k, v] of Object.entries(patch)) {
          if (v === undefined || v === '') next.delete(k);
          else next.set(k, String(v));
        }
        if (!keepPage) next.delete('page');
        return next;
      },
      { replace: true },
    );
  };
  return { filter, box, page, pageSize, update };
}

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
  const { filter, box: boxParam, page, pageSize, update } = useListState();
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
      message.success(t('台账已导出', 'Ledger exported'));
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
        title={t('诉求办理', 'Appeals')}
        subtitle={t('登记—受理—派遣—办理—反馈—评价，全程留痕，有诉必办。', 'Register, accept, dispatch, handle, report back, evaluate — every step recorded.')}
        extra={
          <>
            {canExport && (
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportLedger()} data-testid="appeals-export">
                {t('导出台账', 'Export ledger')}
              </Button>
            )}
            {canRegister && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegisterOpen(true)} data-testid="appeal-register">
                {t('登记诉求', 'Register an appeal')}
              </Button>
            )}
          </>
        }
      />
      <Card styles={{ body: { paddingTop: 4 } }}>
        {inbox.isError && <LoadError error={inbox.error} onRetry={() => void inbox.refetch()} />}
        <Tabs activeKey={box} onChange={(k) => update({ box: k })} items={tabItems} data-testid="inbox-tabs" />
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            key={`q-${filter.q ?? ''}`}
            allowClear
            defaultValue={filter.q}
            placeholder={t('编号或关键词（空格分隔，须全部匹配）', 'Number or words (all must match)')}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            style={{ width: 280 }}
            data-testid="appeals-search"
          />
          <Select<AppealStatus>
            allowClear
            placeholder={t('全部状态', 'Any status')}
            value={filter.status}
            onChange={(v) => update({ status: v })}
            options={STATUSES.map((s) => ({ value: s, label: tl(STATUS_LABELS[s]) }))}
            style={{ width: 130 }}
            data-testid="filter-status"
          />
          <Select<AppealChannel>
            allowClear
            placeholder={t('全部渠道', 'Any channel')}
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
              placeholder={t('全部类别', 'Any category')}
            />
          </div>
          <Select<Urgency>
            allowClear
            placeholder={t('紧急程度', 'Urgency')}
            value={filter.urgency}
            onChange={(v) => update({ urgency: v })}
            options={(Object.keys(URGENCY_LABELS) as Urgency[]).map((u) => ({ value: u, label: tl(URGENCY_LABELS[u]) }))}
            style={{ width: 110 }}
          />
          <RegionPicker includeGrids value={filter.regionCode} onChange={(v) => update({ regionCode: v })} placeholder={t('全部区域', 'Any area')} style={{ width: 200 }} />
          <DatePicker.RangePicker
            value={filter.from || filter.to ? [filter.from ? dayjs(filter.from) : null, filter.to ? dayjs(filter.to) : null] : null}
            onChange={(r) => update({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
            allowEmpty={[true, true]}
            placeholder={[t('登记起', 'From'), t('登记止', 'To')]}
            style={{ width: 250 }}
          />
        </Flex>
        {canDispatch && (
          <Flex align="center" gap={12} style={{ marginBottom: 12 }}>
            <Tooltip title={t('选择“已受理”的诉求，派遣到同一承办单位', 'Choose accepted appeals to dispatch them to one organisation')}>
              <Button icon={<SendOutlined />} disabled={!selected.length} onClick={() => setBulkOpen(true)} data-testid="bulk-dispatch">
                {t('批量派遣', 'Dispatch selected')}
                {selected.length ? `（${selected.length}）` : ''}
              </Button>
            </Tooltip>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('只有“已受理”的诉求可以勾选派遣。', 'Only accepted appeals can be selected for dispatch.')}
            </Typography.Text>
          </Flex>
        )}
        {appeals.isError && <LoadError error={appeals.error} onRetry={() => void appeals.refetch()} />}
        <Table<AppealListItem>
          rowKey="id"
          size="middle"
          loading={appeals.isFetching || appeals.isPending}
          dataSource={appeals.data?.items ?? []}
          data-testid="appeals-table"
          scroll={{ x: 1480 }}
          rowSelection={
            canDispatch
              ? {
                  selectedRowKeys: selected.map((a) => a.id),
                  onChange: (_keys, rows) => setSelected(rows),
                  getCheckboxProps: (a) => ({ disabled: a.status !== 'accepted' }),
                }
              : undefined
          }
          pagination={{
            current: page,
            pageSize,
            total: appeals.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n) => t(`共 ${n} 件`, `${n} appeals`),
            onChange: (p, s) => update({ page: s !== pageSize ? undefined : p, pageSize: s === 20 ? undefined : s }, true),
          }}
          locale={{
            emptyText: (
              <EmptyHint
                title={filtered ? t('没有符合条件的诉求', 'No appeal matches') : box === 'all' ? t('还没有诉求', 'No appeals yet') : t('这个收件箱是空的', 'Nothing waiting here')}
                hint={
                  filtered
                    ? t('调整或清空筛选条件再试。', 'Change or clear the filters.')
                    : canRegister
                      ? t('入户走访、听诉点、热线收到的诉求，点击右上角“登记诉求”录入。', 'Use “Register an appeal” for what you hear on visits, at listening points or on the hotline.')
                      : t('派遣给您单位的诉求会出现在这里。', 'Appeals dispatched to your organisation appear here.')
                }
              />
            ),
          }}
          columns={[
            {
              title: t('编号', 'Number'),
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
              title: t('标题', 'Title'),
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
            { title: t('类别', 'Category'), dataIndex: 'categoryCode', width: 120, render: (c: string) => categoryNames.get(c) ?? c },
            { title: t('渠道', 'Channel'), dataIndex: 'channel', width: 100, render: (c: AppealChannel) => tl(CHANNEL_LABELS[c], c) },
            {
              title: t('区域', 'Area'),
              dataIndex: 'regionName',
              width: 150,
              render: (n: string) => (
                <Tooltip title={n}>
                  <span>{shortRegion(n)}</span>
                </Tooltip>
              ),
            },
            { title: t('承办单位', 'Handled by'), dataIndex: 'handlingOrgName', width: 160, ellipsis: true, render: (n: string | null, a) => n ?? (a.onSpot ? t('就地解决', 'On the spot') : '—') },
            { title: t('状态', 'Status'), dataIndex: 'status', width: 96, render: (s: AppealStatus) => <StatusTag status={s} /> },
            { title: t('时限', 'Clock'), dataIndex: 'clock', width: 100, render: (_: unknown, a) => <ClockTag clock={a.clock} dueAt={a.handlingDueAt} /> },
            { title: t('登记时间', 'Registered'), dataIndex: 'createdAt', width: 140, render: formatTime },
            {
              title: t('办理期限', 'Due'),
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
