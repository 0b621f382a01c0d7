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
import { bilingual } from '../../shared/i18n';

const KINDS: { kind: OverdueKind; label: Bilingual; hint: Bilingual }[] = [
  { kind: 'vulnerable', label: bilingual('visits:vulnerable-overdue'), hint: bilingual('visits:vulnerable-households-past-their-visit-interval') },
  { kind: 'never', label: bilingual('visits:never-visited'), hint: bilingual('visits:never-visited-since-filed') },
  { kind: 'long', label: bilingual('visits:long-overdue'), hint: bilingual('visits:more-than-30-days-past-their-visit-interval') },
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
            <Typography.Text type="secondary">{t('visits:en-as-of-today-whatever-the-period-above-click-a', { zh: current.hint.zh, en: current.hint.en })}</Typography.Text>
          </>
        }
        rowKey="householdId"
        size="small"
        data={pageData(list)}
        state={paging}
        onRowClick={(h) => setOpen(h.householdId)}
        testId="visits-overdue-table"
        totalText={(n) => t('visits:n-households', { n })}
        empty={{
          title: t('visits:no-household-is-value', { zh: current.label.zh, value: current.label.en.toLowerCase() }),
          hint: t('visits:visits-are-keeping-up-try-another-kind-or-area'),
        }}
        columns={[
          { title: t('visits:address'), dataIndex: 'address', render: (a: string, h) => a || h.householdId },
          { title: t('visits:grid-2'), dataIndex: 'gridName', width: 180 },
          { title: t('visits:type'), dataIndex: 'typeName', width: 100, render: (v: string, h) => (h.type ? names.typeName(h.type) : v) },
          {
            title: t('visits:tags'),
            dataIndex: 'tagNames',
            render: (ts: string[], h) => (
              <>
                {h.vulnerable && <Tag color="red">{t('visits:vulnerable')}</Tag>}
                {ts.map((x) => (
                  <Tag key={x}>{x}</Tag>
                ))}
              </>
            ),
          },
          { title: t('visits:last-visit'), dataIndex: 'lastVisitAt', width: 150, render: (v: string | null) => (v ? formatTime(v) : <Tag color="orange">{t('visits:never')}</Tag>) },
          { title: t('visits:visit-every'), dataIndex: 'visitIntervalDays', width: 100, render: (d: number) => t('visits:d-days', { d }) },
          { title: t('visits:due'), dataIndex: 'dueAt', width: 120, render: (v: string | null) => (v ? dayOf(v) : t('visits:now')) },
          {
            title: t('visits:days-overdue'),
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
