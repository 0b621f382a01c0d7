import { useState } from 'react';
import { Card, Flex, Select, Switch, Table, Typography } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { EmptyHint, LoadError } from '../../app/components';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { HouseholdDrawer } from '../households/HouseholdDrawer';
import { useVisits, type Scope, type VisitFilter } from './api';
import { useHouseholdNames } from './householdNames';
import { FINDING_LABELS, OUTCOME_LABELS } from './labels';
import type { Visit, VisitFinding, VisitOutcome } from '../../app/contract';
import { VisitDrawer } from './VisitDrawer';
import { FindingTag, FlagTags, OutcomeTag } from './VisitTags';

/** 走访记录: the visits of the area and period, newest first; a row opens the visit. */
export function RecordsTab({ scope }: { scope: Scope }) {
  const { t, tl } = useI18n();
  const [filter, setFilter] = useState<VisitFilter>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [open, setOpen] = useState<string | null>(null);
  const [household, setHousehold] = useState<string | null>(null);
  const list = useVisits(scope, filter, page, pageSize);
  const names = useHouseholdNames();
  const filtered = !!(filter.outcome || filter.finding || filter.flagged);
  const setF = (patch: Partial<VisitFilter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  return (
    <Card size="small">
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
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
      </Flex>
      {list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Visit>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items}
          onRow={(v) => ({ onClick: () => setOpen(v.id), style: { cursor: 'pointer' } })}
          data-testid="visits-records-table"
          locale={{
            emptyText: filtered ? (
              <EmptyHint title={t('visits:no-visit-matches')} hint={t('visits:clear-the-filters-or-choose-another-period')} />
            ) : (
              <EmptyHint
                title={t('visits:no-visit-in-this-period')}
                hint={t('visits:visits-show-here-once-grid-workers-log-them-on')}
              />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total,
            showSizeChanger: true,
            showTotal: (n) => t('visits:n-visits', { n }),
            onChange: (p, s) => {
              setPage(p);
              setPageSize(s);
            },
          }}
          columns={[
            { title: t('visits:checked-in'), dataIndex: 'checkInAt', width: 150, render: (v: string) => formatTime(v) },
            { title: t('visits:visited-by'), dataIndex: 'workerName', width: 110 },
            { title: t('visits:household'), dataIndex: 'householdAddress', ellipsis: true },
            { title: t('visits:grid-2'), dataIndex: 'gridCode', width: 150 },
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
      )}
      {open && <VisitDrawer id={open} onClose={() => setOpen(null)} onOpenHousehold={setHousehold} />}
      {household && <HouseholdDrawer id={household} onClose={() => setHousehold(null)} tagName={names.tagName} typeName={names.typeName} />}
    </Card>
  );
}
