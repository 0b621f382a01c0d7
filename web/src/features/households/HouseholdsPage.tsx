import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button, Card, Input, Select, Tabs, Tag, Tooltip } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { hasAnyRole, useUser } from '../../app/auth';
import { PageHeader } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useListState } from '../../app/list/useListState';
import { queryString } from '../../app/api';
import { useHouseholds, useTags, useVocabulary, type Household, type HouseholdFilter } from './api';
import { HouseholdDrawer } from './HouseholdDrawer';
import { HouseholdMap } from './HouseholdMap';
import { ImportModal } from './ImportModal';

const RISK_COLORS: Record<string, string> = { low: 'gold', medium: 'orange', high: 'red' };

/** 一户一档: search the household files in scope, open one, import and export the roster, see the map. */
export default function HouseholdsPage() {
  const { t, language } = useI18n();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const state = useListState<HouseholdFilter>();
  const { filter, setFilter: setF } = state;
  const [importing, setImporting] = useState(false);
  const list = useHouseholds(filter, state.page, state.pageSize);
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
        totalText={(n) => t(`共 ${n} 户`, `${n} households`)}
        filters={
          <>
            <Input.Search
              key={`q-${filter.q ?? ''}`}
              defaultValue={filter.q}
              allowClear
              data-testid="household-search"
              style={{ width: 320 }}
              placeholder={t('成员姓名、完整身份证号或手机号', 'Member name, full ID number or phone')}
              onSearch={(q) => setF({ q: q.trim() || undefined })}
            />
            <Select
              allowClear
              style={{ width: 140 }}
              placeholder={t('户类型', 'Type')}
              value={filter.type}
              options={vocab.data?.householdTypes.map((v) => ({ value: v.code, label: language === 'en' ? v.en : v.zh }))}
              onChange={(v) => setF({ type: v })}
            />
            <Select
              allowClear
              style={{ width: 160 }}
              placeholder={t('户标签', 'Tag')}
              value={filter.tag}
              options={tags.data?.filter((x) => x.active).map((x) => ({ value: x.code, label: language === 'en' ? x.nameEn : x.name }))}
              onChange={(v) => setF({ tag: v })}
            />
          </>
        }
        empty={{
          title: filter.q ? t('没有找到匹配的户', 'No matching household') : t('还没有户档案', 'No household files yet'),
          hint: filter.q ? t('姓名按开头匹配；证件号和手机号须完整', 'Names match from the start; ID numbers and phones must be complete') : t('可下载模板填写后导入台账', 'Download the template, fill it in and import it'),
        }}
        columns={[
          { title: t('地址', 'Address'), dataIndex: 'address', render: (a: string, h) => <span data-testid="household-address">{a || h.id}</span> },
          { title: t('网格', 'Grid'), dataIndex: 'gridName' },
          { title: t('户主', 'Head'), dataIndex: 'headName', render: (n: string | null) => n ?? '—' },
          { title: t('人数', 'Members'), dataIndex: 'memberCount', width: 70 },
          { title: t('户类型', 'Type'), dataIndex: 'type', render: (v: string) => typeName(v) },
          {
            title: t('标签', 'Tags'),
            dataIndex: 'tags',
            render: (ts: string[]) => ts.map((x) => <Tag key={x}>{tagName(x)}</Tag>),
          },
          {
            title: t('风险', 'Risk'),
            dataIndex: 'riskLevel',
            render: (r: string, h) =>
              r === 'none' ? '—' : (
                <Tooltip title={h.riskNotes}>
                  <Tag color={RISK_COLORS[r]}>{vocab.data?.riskLevels.find((x) => x.code === r)?.[language === 'en' ? 'en' : 'zh'] ?? r}</Tag>
                </Tooltip>
              ),
          },
          { title: t('走访周期', 'Visit every'), dataIndex: 'visitIntervalDays', render: (d: number) => t(`${d} 天`, `${d} days`) },
        ]}
      />
    </Card>
  );

  return (
    <>
      <PageHeader
        title={t('一户一档', 'Household files')}
        subtitle={t('证件号和电话默认脱敏显示；查看完整信息须有权限，并记入审计日志。', 'ID numbers and phones are masked; revealing one needs permission and is audited.')}
        extra={
          <>
            {canImport && (
              <Button icon={<DownloadOutlined />} href="/api/households/import-template">
                {t('下载模板', 'Template')}
              </Button>
            )}
            {canImport && (
              <Button type="primary" icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="import-open">
                {t('导入台账', 'Import roster')}
              </Button>
            )}
            <Button icon={<DownloadOutlined />} href={`/api/households/export.xlsx${queryString({ ...filter })}`}>
              {t('导出台账（脱敏）', 'Export (masked)')}
            </Button>
          </>
        }
      />
      <Tabs
        items={[
          { key: 'list', label: t('户档案', 'Households'), children: table },
          { key: 'map', label: t('网格分布图', 'Grid map'), children: <HouseholdMap user={user} /> },
        ]}
      />
      {openId && <HouseholdDrawer id={openId} onClose={() => setParams({})} tagName={tagName} typeName={typeName} />}
      <ImportModal open={importing} onClose={() => setImporting(false)} />
    </>
  );
}
