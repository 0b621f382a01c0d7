import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Input, Select, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { PageHeader } from '../../app/components';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useListState } from '../../app/list/useListState';
import type { MediationCaseRow, MediationStatus, DisputeKind } from '../../app/contract';
import { ExportButton } from '../../app/ExportButton';
import { listCases, useBodies, useBoard, useCases, useMediators, type CaseFilter } from './api';
import { FiguresTab } from './FiguresTab';
import { CONFIRMATION, KIND, RISK, RISK_COLOR, SOURCE, STATUS, STATUS_COLOR, yuan } from './labels';
import { NewCaseModal } from './NewCaseModal';

/** 人民调解: the body's cases, the 司法所's supervision board, the figures and the mediators. */
export default function MediationPage() {
  const { t } = useI18n();
  const [tab, setTab] = useState('cases');
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title={t('common:mediation')}
        subtitle={t('mediation:disputes-from-application-and-acceptance-through')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="mediation-new">
            {t('mediation:new-case')}
          </Button>
        }
      />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'cases', label: t('mediation:cases'), children: <CasesTab /> },
            { key: 'board', label: t('mediation:supervision-board'), children: <BoardTab /> },
            { key: 'figures', label: t('mediation:figures'), children: <FiguresTab /> },
            { key: 'mediators', label: t('mediation:mediators'), children: <MediatorsTab /> },
          ]}
        />
      </Card>
      {creating && <NewCaseModal onClose={() => setCreating(false)} />}
    </>
  );
}

function useCaseColumns() {
  const { t, tl } = useI18n();
  return [
    { title: t('mediation:number'), dataIndex: 'number', width: 130 },
    { title: t('mediation:title'), dataIndex: 'title', render: (v: string, r: MediationCaseRow) => <span data-testid="mediation-row-title">{v}{r.overdue && <Tag color="red" style={{ marginInlineStart: 6 }}>{t('mediation:overdue')}</Tag>}</span> },
    { title: t('mediation:kind-2'), dataIndex: 'kind', width: 100, render: (k: string) => tl(KIND[k], k) },
    { title: t('mediation:source'), dataIndex: 'source', width: 120, render: (k: string) => tl(SOURCE[k], k) },
    { title: t('mediation:body'), dataIndex: 'bodyName', width: 200 },
    { title: t('mediation:amount-yuan'), dataIndex: 'amountFen', width: 120, align: 'right' as const, render: (f: number) => (f ? yuan(f) : '—') },
    { title: t('mediation:risk'), dataIndex: 'risk', width: 70, render: (r: string) => <Tag color={RISK_COLOR[r]}>{tl(RISK[r], r)}</Tag> },
    { title: t('mediation:status'), dataIndex: 'status', width: 110, render: (s: string) => <Tag color={STATUS_COLOR[s]} data-testid="mediation-row-status">{tl(STATUS[s], s)}</Tag> },
    { title: t('mediation:opened'), dataIndex: 'createdAt', width: 150, render: formatTime },
  ];
}

function CasesTab() {
  const { t, tl } = useI18n();
  const navigate = useNavigate();
  const list = useListState<CaseFilter>();
  const { filter, setFilter } = list;
  const cases = useCases(filter, list.page, list.pageSize);
  const bodies = useBodies();
  return (
    <ListPage<MediationCaseRow, CaseFilter>
      listId="mediation-cases"
      rowKey="id"
      data={pageData(cases)}
      state={list}
      testId="mediation-cases"
      onRowClick={(r) => navigate(`/mediation/${r.id}`)}
      toolbar={
        <ExportButton<MediationCaseRow>
          filename="mediation-cases.csv"
          fetchPage={(p, size) => listCases(filter, p, size)}
          columns={[
            { title: t('mediation:number'), value: (r) => r.number },
            { title: t('mediation:title'), value: (r) => r.title },
            { title: t('mediation:kind-2'), value: (r) => tl(KIND[r.kind], r.kind) },
            { title: t('mediation:source'), value: (r) => tl(SOURCE[r.source], r.source) },
            { title: t('mediation:body'), value: (r) => r.bodyName },
            { title: t('mediation:mediator'), value: (r) => r.mediatorName ?? '' },
            { title: t('mediation:amount-yuan'), value: (r) => yuan(r.amountFen) },
            { title: t('mediation:status'), value: (r) => tl(STATUS[r.status], r.status) },
            { title: t('mediation:confirmation'), value: (r) => tl(CONFIRMATION[r.confirmation], r.confirmation) },
            { title: t('mediation:opened'), value: (r) => formatTime(r.createdAt) },
          ]}
        />
      }
      totalText={(n) => t('mediation:n-cases', { n })}
      filters={
        <>
          <Select<MediationStatus> allowClear placeholder={t('mediation:every-status')} value={filter.status} onChange={(v) => setFilter({ status: v })} style={{ width: 150 }} options={Object.keys(STATUS).map((s) => ({ value: s as MediationStatus, label: tl(STATUS[s]) }))} />
          <Select<DisputeKind> allowClear placeholder={t('mediation:every-kind')} value={filter.kind} onChange={(v) => setFilter({ kind: v })} style={{ width: 150 }} options={Object.keys(KIND).map((s) => ({ value: s as DisputeKind, label: tl(KIND[s]) }))} />
          <Select<string> allowClear placeholder={t('mediation:every-body')} value={filter.bodyId} onChange={(v) => setFilter({ bodyId: v })} style={{ width: 220 }} options={(bodies.data ?? []).map((b) => ({ value: b.id, label: b.name }))} />
          <Input.Search allowClear placeholder={t('mediation:title')} onSearch={(v) => setFilter({ q: v.trim() || undefined })} style={{ width: 180 }} />
        </>
      }
      empty={(filtered) => ({
        title: filtered ? t('mediation:no-case-matches') : t('mediation:no-mediation-cases-yet'),
        hint: filtered ? t('mediation:widen-the-filters') : t('mediation:use-new-case-for-an-application-or-a-court'),
      })}
      columns={useCaseColumns()}
    />
  );
}

function BoardTab() {
  const { t, tl } = useI18n();
  const navigate = useNavigate();
  const board = useBoard();
  const columns = useCaseColumns();
  const confirmCols = [
    ...columns.slice(0, 2),
    { title: t('mediation:confirmation'), dataIndex: 'confirmation', width: 120, render: (c: string) => tl(CONFIRMATION[c], c) },
    { title: t('mediation:apply-by'), dataIndex: 'confirmationDueOn', width: 120 },
    columns[4],
  ];
  const section = (title: string, rows: MediationCaseRow[] | undefined, cols: typeof columns, testId: string) => (
    <>
      <Typography.Title level={5}>
        {title} <Tag>{rows?.length ?? 0}</Tag>
      </Typography.Title>
      <Table<MediationCaseRow> size="small" rowKey="id" loading={board.isPending} dataSource={rows} columns={cols} pagination={false} data-testid={testId} onRow={(r) => ({ onClick: () => navigate(`/mediation/${r.id}`), style: { cursor: 'pointer' } })} style={{ marginBottom: 24 }} />
    </>
  );
  return (
    <>
      {section(t('mediation:overdue-steps'), board.data?.overdue, [...columns.slice(0, 2), columns[4], columns[7], { title: t('mediation:due'), dataIndex: 'stepDueAt', width: 150, render: formatTime }], 'mediation-board-overdue')}
      {section(t('mediation:confirmations-lapsing-within-7-days'), board.data?.lapsingSoon, confirmCols, 'mediation-board-lapsing')}
      {section(t('mediation:confirmations-lapsed'), board.data?.lapsed, confirmCols, 'mediation-board-lapsed')}
    </>
  );
}

function MediatorsTab() {
  const { t, tl } = useI18n();
  const mediators = useMediators();
  return (
    <Table
      size="small"
      rowKey="id"
      loading={mediators.isPending}
      dataSource={mediators.data}
      pagination={false}
      columns={[
        { title: t('mediation:name-2'), dataIndex: 'name', width: 120 },
        { title: t('mediation:body'), dataIndex: 'bodyName' },
        { title: t('mediation:specialities'), dataIndex: 'specialities', render: (s: string[]) => s.map((k) => <Tag key={k}>{tl(KIND[k], k)}</Tag>) },
        { title: t('mediation:open-cases'), dataIndex: 'openCases', width: 100 },
        { title: t('mediation:all-cases'), dataIndex: 'totalCases', width: 100 },
      ]}
    />
  );
}
