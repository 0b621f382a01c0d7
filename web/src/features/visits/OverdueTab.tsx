import { useState } from 'react';
import { Card, Segmented, Tag, Typography } from 'antd';
import { formatTime } from '../../app/format';
import { useI18n, type Bilingual } from '../../app/i18n';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useListState } from '../../app/list/useListState';
import { HouseholdDrawer } from '../households/HouseholdDrawer';
import { useOverdue, type OverdueKind } from './api';
import { useHouseholdNames } from './householdNames';
import { dayOf } from './labels';
import type { OverdueHousehold } from '../../app/contract';

const KINDS: { kind: OverdueKind; label: Bilingual; hint: Bilingual }[] = [
  { kind: 'vulnerable', label: { zh: '困难户逾期', en: 'Vulnerable overdue' }, hint: { zh: '困难户已过走访周期未访', en: 'Vulnerable households past their visit interval' } },
  { kind: 'never', label: { zh: '从未走访', en: 'Never visited' }, hint: { zh: '建档以来从未走访过', en: 'Never visited since filed' } },
  { kind: 'long', label: { zh: '长期未访', en: 'Long overdue' }, hint: { zh: '超过走访周期 30 天以上', en: 'More than 30 days past their visit interval' } },
];

/** 逾期未访户: households to visit first, server-paginated; a row opens the household's file. */
export function OverdueTab({ regionCode }: { regionCode: string | undefined }) {
  const { t, tl } = useI18n();
  const [kind, setKind] = useState<OverdueKind>('vulnerable');
  const paging = useListState<object>();
  const [open, setOpen] = useState<string | null>(null);
  const list = useOverdue(regionCode, kind, paging.page, paging.pageSize);
  const names = useHouseholdNames();
  const current = KINDS.find((k) => k.kind === kind)!;
  return (
    <Card size="small">
      <ListPage<OverdueHousehold, object>
        listId="visits-overdue"
        savedFilters={false}
        filters={
          <>
            <Segmented<OverdueKind>
              value={kind}
              onChange={(k) => {
                setKind(k);
                paging.setPaging(1, paging.pageSize);
              }}
              options={KINDS.map((k) => ({ value: k.kind, label: tl(k.label) }))}
              data-testid="visits-overdue-kind"
            />
            <Typography.Text type="secondary">{t(`${current.hint.zh}；截至今天，不受上方区间影响。点击一行查看户档案。`, `${current.hint.en}; as of today, whatever the period above. Click a row to open the file.`)}</Typography.Text>
          </>
        }
        rowKey="householdId"
        size="small"
        data={pageData(list)}
        state={paging}
        onRowClick={(h) => setOpen(h.householdId)}
        testId="visits-overdue-table"
        totalText={(n) => t(`共 ${n} 户`, `${n} households`)}
        empty={{
          title: t(`没有“${current.label.zh}”的户`, `No household is “${current.label.en.toLowerCase()}”`),
          hint: t('走访跟上了；可切换其他类别或区域查看。', 'Visits are keeping up; try another kind or area.'),
        }}
        columns={[
          { title: t('地址', 'Address'), dataIndex: 'address', render: (a: string, h) => a || h.householdId },
          { title: t('网格', 'Grid'), dataIndex: 'gridName', width: 180 },
          { title: t('户类型', 'Type'), dataIndex: 'typeName', width: 100, render: (v: string, h) => (h.type ? names.typeName(h.type) : v) },
          {
            title: t('标签', 'Tags'),
            dataIndex: 'tagNames',
            render: (ts: string[], h) => (
              <>
                {h.vulnerable && <Tag color="red">{t('困难户', 'Vulnerable')}</Tag>}
                {ts.map((x) => (
                  <Tag key={x}>{x}</Tag>
                ))}
              </>
            ),
          },
          { title: t('上次走访', 'Last visit'), dataIndex: 'lastVisitAt', width: 150, render: (v: string | null) => (v ? formatTime(v) : <Tag color="orange">{t('从未走访', 'Never')}</Tag>) },
          { title: t('走访周期', 'Visit every'), dataIndex: 'visitIntervalDays', width: 100, render: (d: number) => t(`${d} 天`, `${d} days`) },
          { title: t('应访日期', 'Due'), dataIndex: 'dueAt', width: 120, render: (v: string | null) => (v ? dayOf(v) : t('立即', 'Now')) },
          {
            title: t('逾期天数', 'Days overdue'),
            dataIndex: 'overdueDays',
            width: 100,
            align: 'right',
            render: (d: number | null) => (d === null ? '—' : <Typography.Text type={d > 30 ? 'danger' : 'warning'}>{d}</Typography.Text>),
          },
        ]}
      />
      {open && <HouseholdDrawer id={open} onClose={() => setOpen(null)} tagName={names.tagName} typeName={names.typeName} />}
    </Card>
  );
}
