import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Button, Card, Input, Select, Tabs, Tag, Tooltip } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { hasAnyRole, useUser } from '../../app/auth';
import { PageHeader } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useListState } from '../../app/list/useListState';
import { errorText } from '../../app/api';
import { downloadFile } from '../../app/download';
import { isNumberSearch, useHouseholds, useTags, useVocabulary, type Household, type HouseholdFilter } from './api';
import { HouseholdDrawer } from './HouseholdDrawer';
import { HouseholdMap } from './HouseholdMap';
import { ImportModal } from './ImportModal';

const RISK_COLORS: Record<string, string> = { low: 'gold', medium: 'orange', high: 'red' };

/** 一户一档: search the household files in scope, open one, import and export the roster, see the map. */
export default function HouseholdsPage() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const state = useListState<HouseholdFilter>();
  const { filter, setFilter: setF } = state;
  const [importing, setImporting] = useState(false);
  // A full ID number or phone is searched for, never kept in the address (history, a shared link).
  const [numberSearch, setNumberSearch] = useState<string | undefined>(isNumberSearch(filter.q) ? filter.q : undefined);
  useEffect(() => {
    if (isNumberSearch(filter.q)) setF({ q: undefined });
  }, [filter.q, setF]);
  const list = useHouseholds({ ...filter, q: isNumberSearch(filter.q) ? undefined : filter.q }, state.page, state.pageSize, numberSearch);
  const searchText = numberSearch ?? filter.q;
  const search = (text: string) => {
    const q = text.trim() || undefined;
    if (isNumberSearch(q)) {
      setNumberSearch(q);
      setF({ q: undefined });
    } else {
      setNumberSearch(undefined);
      setF({ q });
    }
  };
  const [exporting, setExporting] = useState(false);
  const exportRoster = async () => {
    setExporting(true);
    try {
      if (numberSearch) await downloadFile('/api/households/export.xlsx', {}, '户籍台账.xlsx', { ...filter, q: numberSearch });
      else await downloadFile('/api/households/export.xlsx', { ...filter }, '户籍台账.xlsx');
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setExporting(false);
    }
  };
  const tags = useTags();
  const vocab = useVocabulary();
  const openId = params.get('household');
  const tagName = (code: string) => {
    const tg = tags.data?.find((x) => x.code === code);
    return tg ? (language === 'en' ? tg.nameEn : tg.name) : code;
  };
  const typeName = (code: string) => {
    const v = vocab.data?.householdTypes.find((x) => x.code === code);
    return v ? (language === 'en' ? v.en : v.zh) : code;
  };
  const canImport = hasAnyRole(user, ['admin', 'community_staff', 'grid_worker']);

  const table = (
    <Card>
      <ListPage<Household, HouseholdFilter>
        listId="households"
        rowKey="id"
        data={pageData(list)}
        state={state}
        onRowClick={(h) => setParams({ household: h.id })}
        totalText={(n) => t('households:n-households', { n })}
        filters={
          <>
            <Input.Search
              key={`q-${searchText ?? ''}`}
              defaultValue={searchText}
              allowClear
              data-testid="household-search"
              style={{ width: 320 }}
              placeholder={t('households:member-name-full-id-number-or-phone')}
              onSearch={search}
            />
            <Select
              allowClear
              style={{ width: 140 }}
              placeholder={t('households:type')}
              value={filter.type}
              options={vocab.data?.householdTypes.map((v) => ({ value: v.code, label: language === 'en' ? v.en : v.zh }))}
              onChange={(v) => setF({ type: v })}
            />
            <Select
              allowClear
              style={{ width: 160 }}
              placeholder={t('households:tag')}
              value={filter.tag}
              options={tags.data?.filter((x) => x.active).map((x) => ({ value: x.code, label: language === 'en' ? x.nameEn : x.name }))}
              onChange={(v) => setF({ tag: v })}
            />
          </>
        }
        empty={{
          title: searchText ? t('households:no-matching-household') : t('households:no-household-files-yet'),
          hint: searchText ? t('households:names-match-from-the-start-id-numbers-and-phones') : t('households:download-the-template-fill-it-in-and-import-it'),
        }}
        columns={[
          { title: t('households:address'), dataIndex: 'address', render: (a: string, h) => <span data-testid="household-address">{a || h.id}</span> },
          { title: t('households:grid'), dataIndex: 'gridName' },
          { title: t('households:head'), dataIndex: 'headName', render: (n: string | null) => n ?? '—' },
          { title: t('households:members'), dataIndex: 'memberCount', width: 70 },
          { title: t('households:type'), dataIndex: 'type', render: (v: string) => typeName(v) },
          {
            title: t('households:tags'),
            dataIndex: 'tags',
            render: (ts: string[]) => ts.map((x) => <Tag key={x}>{tagName(x)}</Tag>),
          },
          {
            title: t('households:risk-2'),
            dataIndex: 'riskLevel',
            render: (r: string, h) =>
              r === 'none' ? '—' : (
                <Tooltip title={h.riskNotes}>
                  <Tag color={RISK_COLORS[r]}>{vocab.data?.riskLevels.find((x) => x.code === r)?.[language === 'en' ? 'en' : 'zh'] ?? r}</Tag>
                </Tooltip>
              ),
          },
          { title: t('households:visit-every'), dataIndex: 'visitIntervalDays', render: (d: number) => t('households:d-days', { d }) },
        ]}
      />
    </Card>
  );

  return (
    <>
      <PageHeader
        title={t('common:household-files')}
        subtitle={t('households:id-numbers-and-phones-are-masked-revealing-one')}
        extra={
          <>
            {canImport && (
              <Button icon={<DownloadOutlined />} href="/api/households/import-template">
                {t('households:template')}
              </Button>
            )}
            {canImport && (
              <Button type="primary" icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="import-open">
                {t('households:import-roster')}
              </Button>
            )}
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportRoster()} data-testid="households-export">
              {t('households:export-masked')}
            </Button>
          </>
        }
      />
      <Tabs
        items={[
          { key: 'list', label: t('households:households-2'), children: table },
          { key: 'map', label: t('households:grid-map'), children: <HouseholdMap user={user} /> },
        ]}
      />
      {openId && <HouseholdDrawer id={openId} onClose={() => setParams({})} tagName={tagName} typeName={typeName} />}
      <ImportModal open={importing} onClose={() => setImporting(false)} />
    </>
  );
}
