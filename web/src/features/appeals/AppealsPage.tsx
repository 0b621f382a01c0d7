/**
 * The appeals inbox: the boxes as tabs with their counts, the list with its filters in the address,
 * registering, bulk accept / dispatch / export and the ledger export. Its columns: AppealColumns.tsx;
 * its filter controls: AppealFilters.tsx; its bulk bar: AppealsBulkBar.tsx.
 */
import { useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { useNavigate } from 'react-router-dom';
import { App, Badge, Button, Card, Tabs } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { LoadError, PageHeader } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useUrlListState } from '../../app/list/useListState';
import type { AppealBox, AppealFilter, AppealListItem } from '../../app/contract';
import { useCategories } from '../orgs/api';
import { useAppeals, useInbox } from './api';
import { downloadFile } from '../../app/download';
import { BulkAcceptModal } from './BulkAcceptModal';
import { ClustersButton } from './ClustersButton';
import { BulkDispatchModal } from './BulkDispatchModal';
import { BOX_LABELS } from './labels';
import { usePhoneSearch } from './PhoneSearch';
import { RegisterAppealModal } from './RegisterAppealModal';
import { useAppealColumns } from './AppealColumns';
import { AppealFilters } from './AppealFilters';
import { AppealsBulkBar } from './AppealsBulkBar';

const FILTER_KEYS = ['status', 'channel', 'categoryCode', 'urgency', 'regionCode', 'orgId', 'q', 'from', 'to'] as const;

/** Secondary columns a 1280 px screen leaves out until the person brings them back (column settings). */
const DEFAULT_HIDDEN = ['channel', 'regionName', 'createdAt'];

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
  const columns = useAppealColumns(categoryNames);
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
          filters={<AppealFilters filter={filter} update={update} phoneSearch={phoneSearch} />}
          bulk={
            canSelect && (
              <AppealsBulkBar
                {...{ canAccept, canDispatch, canExport, selected, toAccept, toDispatch }}
                exporting={exporting === 'selected'}
                onBulk={setBulkOpen}
                onExport={() => void exportLedger(selected)}
              />
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
          columns={columns}
        />
      </Card>
      <RegisterAppealModal open={registerOpen} onClose={() => setRegisterOpen(false)} />
      {bulkOpen === 'dispatch' && <BulkDispatchModal appeals={toDispatch} onClose={() => setBulkOpen(null)} onDone={() => setSelected([])} />}
      {bulkOpen === 'accept' && <BulkAcceptModal appeals={toAccept} onClose={() => setBulkOpen(null)} onDone={() => setSelected([])} />}
    </>
  );
}
