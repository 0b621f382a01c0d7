import { Button, Card, DatePicker, Descriptions, Flex, Input, Select, Tag, Tooltip, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { PageHeader } from '../../app/components';
import { PlaceName } from '../../app/PlaceName';
import { ExportButton } from '../../app/ExportButton';
import { formatTimeSeconds } from '../../app/format';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useListState } from '../../app/list/useListState';
import { useI18n } from '../../app/i18n';
import { ACTOR_KIND_LABELS, AUDIT_ACTION_LABELS } from '../../app/labels';
import type { AuditEntry } from '../../app/contract';
import { listAudit, useAudit, useAuditActions, type AuditFilter } from './api';

/** The reason given for a reveal of personal data (recorded with it), if the entry has one. */
function reasonOf(e: AuditEntry): string | null {
  const r = e.details?.reason;
  return typeof r === 'string' && r ? r : null;
}

function actionColor(action: string): string {
  if (action.endsWith('_failed') || action.endsWith('_throttled') || action.endsWith('_disabled') || action.endsWith('.revoke')) return 'red';
  if (action.startsWith('auth.')) return 'blue';
  if (action.endsWith('.create')) return 'green';
  return 'gold';
}

export default function AuditPage() {
  const { t, tl } = useI18n();
  const list = useListState<AuditFilter>();
  const { filter, setFilter: setF } = list;
  const audit = useAudit(filter, list.page, list.pageSize);
  const actions = useAuditActions();
  const actionLabel = (a: string) => tl(AUDIT_ACTION_LABELS[a], a);
  const typeLabel = useTargetTypeLabel();

  return (
    <>
      <PageHeader
        title={t('common:audit-log')}
        subtitle={t('audit:who-did-what-and-when-sign-ins-accounts')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void audit.refetch()}>
            {t('audit:reload')}
          </Button>
        }
      />
      <Card>
        <ListPage<AuditEntry, AuditFilter>
          listId="audit"
          rowKey="id"
          data={pageData(audit)}
          state={list}
          toolbar={
            <ExportButton<AuditEntry>
              filename="audit.csv"
              fetchPage={(p, s) => listAudit(filter, p, s)}
              columns={[
                { title: t('audit:time'), value: (e) => formatTimeSeconds(e.at) },
                { title: t('audit:actor'), value: (e) => (e.actorDisplayName ? `${e.actorDisplayName}（${e.actorName}）` : e.actorName) },
                { title: t('audit:actor-kind'), value: (e) => tl(ACTOR_KIND_LABELS[e.actorKind], e.actorKind) },
                { title: t('audit:action'), value: (e) => actionLabel(e.action) },
                { title: t('audit:action-code'), value: (e) => e.action },
                { title: t('audit:target-type'), value: (e) => (e.targetType ? typeLabel(e.targetType) : '') },
                { title: t('audit:target'), value: (e) => e.targetName ?? e.targetId },
                { title: t('audit:target-id'), value: (e) => e.targetId },
                { title: t('audit:division'), value: (e) => (e.regionCode === '' ? t('audit:all') : e.regionName || e.regionCode) },
                { title: t('audit:division-code'), value: (e) => e.regionCode },
                { title: 'IP', value: (e) => e.ip },
                { title: t('audit:request-id'), value: (e) => e.requestId },
                { title: t('audit:reason'), value: (e) => reasonOf(e) ?? '' },
                { title: t('audit:details'), value: (e) => (e.details ? JSON.stringify(e.details) : '') },
              ]}
            />
          }
          testId="audit-table"
          scroll={{ x: 1180 }}
          pageSizeOptions={[20, 50, 100, 200]}
          totalText={(n) => t('audit:n-entries', { n })}
          filters={
            <>
              <Select<string>
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('audit:all-actions')}
                value={filter.action}
                onChange={(v) => setF({ action: v })}
                loading={actions.isPending}
                options={(actions.data ?? []).map((a) => ({ value: a, label: AUDIT_ACTION_LABELS[a] ? `${actionLabel(a)}（${a}）` : a }))}
                style={{ width: 240 }}
                data-testid="audit-action-filter"
              />
              <Input.Search key={`actor-${filter.actor ?? ''}`} defaultValue={filter.actor} allowClear placeholder={t('audit:actor-username')} onSearch={(v) => setF({ actor: v.trim() || undefined })} style={{ width: 200 }} />
              <Input.Search key={`target-${filter.targetId ?? ''}`} defaultValue={filter.targetId} allowClear placeholder={t('audit:target-id')} onSearch={(v) => setF({ targetId: v.trim() || undefined })} style={{ width: 200 }} />
              <DatePicker.RangePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                value={filter.from || filter.to ? [filter.from ? dayjs(filter.from) : null, filter.to ? dayjs(filter.to) : null] : null}
                onChange={(r) => setF({ from: r?.[0]?.toISOString(), to: r?.[1]?.toISOString() })}
                placeholder={[t('audit:from'), t('audit:to')]}
              />
            </>
          }
          empty={(filtered) => ({
            title: filtered ? t('audit:no-entry-matches') : t('audit:no-entries-yet'),
            hint: filtered ? t('audit:widen-the-time-range-or-clear-the-filters') : t('audit:sign-ins-and-changes-are-recorded-here'),
          })}
          expandable={{
            expandedRowRender: (e) => <AuditDetails entry={e} />,
          }}
          columns={[
            { title: t('audit:time'), dataIndex: 'at', width: 170, render: formatTimeSeconds },
            {
              title: t('audit:actor'),
              dataIndex: 'actorName',
              width: 170,
              render: (n: string, e) => (
                <span data-testid="audit-actor">
                  {e.actorDisplayName ? (
                    <Tooltip title={n}>
                      {e.actorDisplayName}
                      <span style={{ color: 'rgba(0,0,0,0.45)', marginInlineStart: 4, fontSize: 12 }}>{n}</span>
                    </Tooltip>
                  ) : (
                    n
                  )}
                  {e.actorKind !== 'user' && (
                    <Tag style={{ marginInlineStart: 6 }} variant="filled">
                      {tl(ACTOR_KIND_LABELS[e.actorKind], e.actorKind)}
                    </Tag>
                  )}
                </span>
              ),
            },
            {
              title: t('audit:action'),
              dataIndex: 'action',
              width: 180,
              render: (a: string) => (
                <Tooltip title={a}>
                  <Tag color={actionColor(a)}>{actionLabel(a)}</Tag>
                </Tooltip>
              ),
            },
            {
              title: t('audit:target'),
              key: 'target',
              render: (_: unknown, e) => (e.targetType ? <AuditTarget entry={e} typeLabel={typeLabel(e.targetType)} /> : '—'),
            },
            {
              title: t('audit:reason'),
              key: 'reason',
              width: 180,
              ellipsis: { showTitle: false },
              render: (_: unknown, e) => {
                const r = reasonOf(e);
                return r ? (
                  <Tooltip title={r}>
                    <span data-testid="audit-reason">{r}</span>
                  </Tooltip>
                ) : (
                  '—'
                );
              },
            },
            { title: t('audit:division'), dataIndex: 'regionCode', width: 160, render: (c: string, e) => (c === '' ? t('audit:all') : <PlaceName code={c} name={e.regionName} />) },
            { title: 'IP', dataIndex: 'ip', width: 130, render: (ip: string | null) => ip ?? '—' },
          ]}
        />
      </Card>
    </>
  );
}

/** What each kind of object is called. */
function useTargetTypeLabel() {
  const { t } = useI18n();
  const labels: Record<string, string> = {
    appeal: t('audit:appeal'),
    household: t('audit:household'),
    person: t('audit:person'),
    user: t('audit:account'),
    org: t('audit:organisation'),
    apikey: t('audit:api-key'),
    grid: t('audit:grid'),
    grid_duty: t('audit:grid-duty'),
    building: t('audit:building'),
    compound: t('audit:compound'),
    visit: t('audit:visit'),
    visit_plan: t('audit:visit-plan'),
  };
  return (type: string) => labels[type] ?? type;
}

/** The object by its name (appeal number, address, account name…), its id on hover; the id only when the object is gone. */
function AuditTarget({ entry: e, typeLabel }: { entry: AuditEntry; typeLabel: string }) {
  const { t } = useI18n();
  const shortId = e.targetId && e.targetId.length > 13 ? `${e.targetId.slice(0, 8)}…` : e.targetId;
  return (
    <Typography.Text>
      <Typography.Text type="secondary">{typeLabel}</Typography.Text>{' '}
      {e.targetName ? (
        <Tooltip title={`${t('audit:id')} ${e.targetId ?? ''}`}>
          <Typography.Text copyable={e.targetId ? { text: e.targetId } : false} data-testid="audit-target-name">
            {e.targetName}
          </Typography.Text>
        </Tooltip>
      ) : (
        e.targetId && <Typography.Text copyable={{ text: e.targetId }}>{shortId}</Typography.Text>
      )}
    </Typography.Text>
  );
}

function AuditDetails({ entry }: { entry: AuditEntry }) {
  const { t } = useI18n();
  return (
    <Flex vertical gap={12} style={{ padding: '4px 8px' }}>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'action', label: t('audit:action-code'), children: <Typography.Text code>{entry.action}</Typography.Text> },
          { key: 'actorId', label: t('audit:actor-id'), children: entry.actorId ?? '—' },
          { key: 'target', label: t('audit:target'), children: entry.targetType ? [entry.targetType, entry.targetName, entry.targetId].filter(Boolean).join(' ') : '—' },
          ...(reasonOf(entry) ? [{ key: 'reason', label: t('audit:reason'), children: reasonOf(entry), span: 2 }] : []),
          { key: 'division', label: t('audit:division'), children: entry.regionCode === '' ? t('audit:all') : `${entry.regionName || entry.regionCode}（${entry.regionCode}）` },
          { key: 'requestId', label: t('audit:request-id'), children: entry.requestId ? <Typography.Text copyable>{entry.requestId}</Typography.Text> : '—' },
          { key: 'ua', label: t('audit:user-agent'), children: entry.userAgent ?? '—', span: 2 },
        ]}
      />
      <div>
        <Typography.Text type="secondary">{t('audit:details')}</Typography.Text>
        <pre className="ts-json" data-testid="audit-details">
          {entry.details ? JSON.stringify(entry.details, null, 2) : t('audit:none')}
        </pre>
      </div>
    </Flex>
  );
}
