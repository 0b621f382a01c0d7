import { Button, Card, DatePicker, Descriptions, Flex, Input, Select, Tag, Tooltip, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { PageHeader } from '../../app/components';
import { ExportButton } from '../../app/ExportButton';
import { formatTimeSeconds } from '../../app/format';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useListState } from '../../app/list/useListState';
import { useI18n } from '../../app/i18n';
import { ACTOR_KIND_LABELS, AUDIT_ACTION_LABELS } from '../../app/labels';
import type { AuditEntry } from '../../app/contract';
import { listAudit, useAudit, useAuditActions, type AuditFilter } from './api';

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


  return (
    <>
      <PageHeader
        title={t('审计日志', 'Audit log')}
        subtitle={t('登录、账号、机构、密钥等操作的留痕记录，只读，不可删除。', 'Who did what and when: sign-ins, accounts, organisations, keys. Read-only; never deleted.')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void audit.refetch()}>
            {t('刷新', 'Reload')}
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
                { title: t('时间', 'Time'), value: (e) => e.at },
                { title: t('操作人', 'Actor'), value: (e) => e.actorName },
                { title: t('操作人类型', 'Actor kind'), value: (e) => tl(ACTOR_KIND_LABELS[e.actorKind], e.actorKind) },
                { title: t('操作', 'Action'), value: (e) => actionLabel(e.action) },
                { title: t('操作代码', 'Action code'), value: (e) => e.action },
                { title: t('对象类型', 'Target type'), value: (e) => e.targetType },
                { title: t('对象', 'Target'), value: (e) => e.targetId },
                { title: t('区划', 'Division'), value: (e) => e.regionCode },
                { title: 'IP', value: (e) => e.ip },
                { title: t('请求编号', 'Request id'), value: (e) => e.requestId },
                { title: t('详情', 'Details'), value: (e) => (e.details ? JSON.stringify(e.details) : '') },
              ]}
            />
          }
          testId="audit-table"
          scroll={{ x: 1000 }}
          pageSizeOptions={[20, 50, 100, 200]}
          totalText={(n) => t(`共 ${n} 条记录`, `${n} entries`)}
          filters={
            <>
              <Select<string>
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('全部操作', 'All actions')}
                value={filter.action}
                onChange={(v) => setF({ action: v })}
                loading={actions.isPending}
                options={(actions.data ?? []).map((a) => ({ value: a, label: AUDIT_ACTION_LABELS[a] ? `${actionLabel(a)}（${a}）` : a }))}
                style={{ width: 240 }}
                data-testid="audit-action-filter"
              />
              <Input.Search key={`actor-${filter.actor ?? ''}`} defaultValue={filter.actor} allowClear placeholder={t('操作人（用户名）', 'Actor (username)')} onSearch={(v) => setF({ actor: v.trim() || undefined })} style={{ width: 200 }} />
              <Input.Search key={`target-${filter.targetId ?? ''}`} defaultValue={filter.targetId} allowClear placeholder={t('对象编号', 'Target id')} onSearch={(v) => setF({ targetId: v.trim() || undefined })} style={{ width: 200 }} />
              <DatePicker.RangePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                value={filter.from || filter.to ? [filter.from ? dayjs(filter.from) : null, filter.to ? dayjs(filter.to) : null] : null}
                onChange={(r) => setF({ from: r?.[0]?.toISOString(), to: r?.[1]?.toISOString() })}
                placeholder={[t('开始时间', 'From'), t('结束时间', 'To')]}
              />
            </>
          }
          empty={(filtered) => ({
            title: filtered ? t('没有符合条件的记录', 'No entry matches') : t('还没有审计记录', 'No entries yet'),
            hint: filtered ? t('放宽时间范围或清空筛选条件再试。', 'Widen the time range or clear the filters.') : t('登录和数据修改会自动记录在这里。', 'Sign-ins and changes are recorded here automatically.'),
          })}
          expandable={{
            expandedRowRender: (e) => <AuditDetails entry={e} />,
          }}
          columns={[
            { title: t('时间', 'Time'), dataIndex: 'at', width: 170, render: formatTimeSeconds },
            {
              title: t('操作人', 'Actor'),
              dataIndex: 'actorName',
              width: 170,
              render: (n: string, e) => (
                <span>
                  {n}
                  {e.actorKind !== 'user' && (
                    <Tag style={{ marginInlineStart: 6 }} variant="filled">
                      {tl(ACTOR_KIND_LABELS[e.actorKind], e.actorKind)}
                    </Tag>
                  )}
                </span>
              ),
            },
            {
              title: t('操作', 'Action'),
              dataIndex: 'action',
              width: 180,
              render: (a: string) => (
                <Tooltip title={a}>
                  <Tag color={actionColor(a)}>{actionLabel(a)}</Tag>
                </Tooltip>
              ),
            },
            {
              title: t('对象', 'Target'),
              key: 'target',
              render: (_: unknown, e) =>
                e.targetType ? (
                  <Typography.Text>
                    <Typography.Text type="secondary">{e.targetType}</Typography.Text> {e.targetId && <Typography.Text copyable={{ text: e.targetId }}>{e.targetId.length > 13 ? `${e.targetId.slice(0, 8)}…` : e.targetId}</Typography.Text>}
                  </Typography.Text>
                ) : (
                  '—'
                ),
            },
            { title: t('区划', 'Division'), dataIndex: 'regionCode', width: 130, render: (c: string) => c || t('全部', 'All') },
            { title: 'IP', dataIndex: 'ip', width: 130, render: (ip: string | null) => ip ?? '—' },
          ]}
        />
      </Card>
    </>
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
          { key: 'action', label: t('操作代码', 'Action code'), children: <Typography.Text code>{entry.action}</Typography.Text> },
          { key: 'actorId', label: t('操作人编号', 'Actor id'), children: entry.actorId ?? '—' },
          { key: 'target', label: t('对象', 'Target'), children: entry.targetType ? `${entry.targetType} ${entry.targetId ?? ''}` : '—' },
          { key: 'requestId', label: t('请求编号', 'Request id'), children: entry.requestId ? <Typography.Text copyable>{entry.requestId}</Typography.Text> : '—' },
          { key: 'ua', label: t('客户端', 'User agent'), children: entry.userAgent ?? '—', span: 2 },
        ]}
      />
      <div>
        <Typography.Text type="secondary">{t('详情', 'Details')}</Typography.Text>
        <pre className="ts-json" data-testid="audit-details">
          {entry.details ? JSON.stringify(entry.details, null, 2) : t('（无）', '(none)')}
        </pre>
      </div>
    </Flex>
  );
}
