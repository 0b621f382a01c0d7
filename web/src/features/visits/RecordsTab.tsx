import { useState } from 'react';
import { Card, Flex, Select, Switch, Typography } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useListState } from '../../app/list/useListState';
import { HouseholdDrawer } from '../households/HouseholdDrawer';
import { useVisits, type Scope, type VisitFilter } from './api';
import { useHouseholdNames } from './householdNames';
import { FINDING_LABELS, OUTCOME_LABELS } from './labels';
import type { Visit, VisitFinding, VisitOutcome } from '../../app/contract';
import { VisitDrawer } from './VisitDrawer';
import { FindingTag, FlagTags, OutcomeTag } from './VisitTags';
import { PlaceName } from '../../app/PlaceName';

/** 走访记录: the visits of the area and period, newest first; a row opens the visit. */
export function RecordsTab({ scope }: { scope: Scope }) {
  const { t, tl } = useI18n();
  const state = useListState<VisitFilter>();
  const { filter, setFilter: setF } = state;
  const [open, setOpen] = useState<string | null>(null);
  const [household, setHousehold] = useState<string | null>(null);
  const list = useVisits(scope, filter, state.page, state.pageSize);
  const names = useHouseholdNames();
  return (
    <Card size="small">
      <ListPage<Visit, VisitFilter>
        listId="visits-records"
        rowKey="id"
        size="small"
        data={pageData(list)}
        state={state}
        onRowClick={(v) => setOpen(v.id)}
        testId="visits-records-table"
        totalText={(n) => t('visits:n-visits', { n })}
        filters={
          <>
            <Select<VisitOutcome>
              allowClear
              style={{ width: 140 }}
              placeholder={t('visits:outcome-2')}
              value={filter.outcome}
              onChange={(v) => setF({ outcome: v })}
              options={(Object.keys(OUTCOME_LABELS) as VisitOutcome[]).map((k) => ({ value: k, label: tl(OUTCOME_LABELS[k]) }))}
              data-testid="visits-filter-outcome"
            />
            <Select<VisitFinding>
              allowClear
              style={{ width: 160 }}
              placeholder={t('visits:finding')}
              value={filter.finding}
              onChange={(v) => setF({ finding: v })}
              options={(Object.keys(FINDING_LABELS) as VisitFinding[]).map((k) => ({ value: k, label: tl(FINDING_LABELS[k]) }))}
              data-testid="visits-filter-finding"
            />
            <Flex gap={6} align="center">
              <Switch checked={!!filter.flagged} onChange={(v) => setF({ flagged: v || undefined })} data-testid="visits-filter-flagged" />
              <span>{t('visits:flagged-only-far-from-household-synced-late')}</span>
            </Flex>
            <Typography.Text type="secondary">{t('visits:from-to-to', { from: scope.from, to: scope.to })}</Typography.Text>
          </>
        }
        empty={(filtered) =>
          filtered
            ? { title: t('visits:no-visit-matches'), hint: t('visits:clear-the-filters-or-choose-another-period') }
            : {
                title: t('visits:no-visit-in-this-period'),
                hint: t('visits:visits-show-here-once-grid-workers-log-them-on'),
              }
        }
        columns={[
          { title: t('visits:checked-in'), dataIndex: 'checkInAt', width: 150, render: (v: string) => formatTime(v) },
          { title: t('visits:visited-by'), dataIndex: 'workerName', width: 110 },
          { title: t('visits:household'), dataIndex: 'householdAddress', ellipsis: true },
          { title: t('visits:grid-2'), dataIndex: 'gridName', width: 150, render: (n: string, v) => <PlaceName code={v.gridCode} name={n} /> },
          { title: t('visits:outcome'), dataIndex: 'outcome', width: 100, render: (o: Visit['outcome']) => <OutcomeTag outcome={o} /> },
          { title: t('visits:finding'), dataIndex: 'finding', width: 110, render: (f: Visit['finding']) => <FindingTag finding={f} /> },
          { title: t('visits:flags'), dataIndex: 'flags', width: 190, render: (_: unknown, v) => <FlagTags visit={v} /> },
          {
            title: t('visits:photos'),
            dataIndex: 'photoCount',
            width: 70,
            align: 'right',
            render: (n: number) =>
              n > 0 ? (
                <span>
                  <CameraOutlined /> {n}
                </span>
              ) : (
                '—'
              ),
          },
        ]}
      />
      {open && <VisitDrawer id={open} onClose={() => setOpen(null)} onOpenHousehold={setHousehold} />}
      {household && <HouseholdDrawer id={household} onClose={() => setHousehold(null)} tagName={names.tagName} typeName={names.typeName} />}
    </Card>
  );
}
