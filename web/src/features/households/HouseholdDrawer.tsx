import { useState } from 'react';
import { App, Button, Descriptions, Drawer, Input, Modal, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { EyeOutlined, RollbackOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { LoadError } from '../../app/components';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { RevealReasonModal } from '../../app/RevealReasonModal';
import { hasAnyRole, useUser } from '../../app/auth';
import { HouseholdReminders } from '../reminders/HouseholdReminders';
import { reveal, useHistory, useHousehold, useRevert, useTimeline, useVocabulary, type Change, type Person } from './api';

function RevealCell({ person, field, masked }: { person: Person; field: 'idNumber' | 'phone'; masked: string | null }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [value, setValue] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  if (!masked) return <>—</>;
  if (value) return <Typography.Text copyable data-testid={`revealed-${field}`}>{value}</Typography.Text>;
  return (
    <span>
      {masked}{' '}
      <Button size="small" type="link" icon={<EyeOutlined />} data-testid={`reveal-${field}`} onClick={() => setAsking(true)}>
        {t('households:reveal')}
      </Button>
      <RevealReasonModal
        open={asking}
        what={field === 'idNumber' ? t('households:id-number') : t('households:phone')}
        onCancel={() => setAsking(false)}
        onSubmit={async (reason) => {
          try {
            setValue((await reveal(person.id, field, reason)).value);
            setAsking(false);
          } catch (e) {
            void message.error(errorText(e));
          }
        }}
      />
    </span>
  );
}

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  return Array.isArray(v) ? v.join('、') : String(v);
}

function HistoryTab({ id }: { id: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const history = useHistory(id);
  const revert = useRevert();
  const [target, setTarget] = useState<Change | null>(null);
  const [reason, setReason] = useState('');
  if (history.isError) return <LoadError error={history.error} onRetry={() => void history.refetch()} />;
  return (
    <>
      <Table<Change>
        rowKey="id"
        size="small"
        loading={history.isLoading}
        dataSource={history.data?.items}
        pagination={false}
        columns={[
          { title: t('households:time'), dataIndex: 'at', render: (v: string) => formatTime(v), width: 150 },
          { title: t('households:by'), dataIndex: 'actorName', width: 110 },
          { title: t('households:action'), dataIndex: 'action', width: 80, render: (a: string) => <Tag>{a}</Tag> },
          {
            title: t('households:what'),
            dataIndex: 'changes',
            render: (cs: Change['changes']) => cs.map((c) => <div key={c.field}>{`${c.field}: ${show(c.before)} → ${show(c.after)}`}</div>),
          },
          { title: t('households:why'), dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
          {
            title: '',
            width: 80,
            render: (_: unknown, c) =>
              c.action !== 'create' && (
                <Button size="small" icon={<RollbackOutlined />} onClick={() => setTarget(c)}>
                  {t('households:revert')}
                </Button>
              ),
          },
        ]}
      />
      <Modal
        open={!!target}
        title={t('households:revert-this-change')}
        okButtonProps={{ disabled: !reason.trim(), loading: revert.isPending }}
        onCancel={() => setTarget(null)}
        onOk={async () => {
          try {
            await revert.mutateAsync({ id: target!.id, reason: reason.trim() });
            void message.success(t('households:reverted-as-a-new-change'));
            setTarget(null);
            setReason('');
          } catch (e) {
            void message.error(errorText(e));
          }
        }}
      >
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('households:why-required')} />
      </Modal>
    </>
  );
}

export function HouseholdDrawer({ id, onClose, tagName, typeName }: { id: string; onClose: () => void; tagName: (c: string) => string; typeName: (c: string) => string }) {
  const { t, language } = useI18n();
  const household = useHousehold(id);
  const timeline = useTimeline(id);
  const vocab = useVocabulary();
  const relation = (c: string | null) => (c ? vocab.data?.relations.find((r) => r.code === c)?.[language === 'en' ? 'en' : 'zh'] ?? c : '—');
  const h = household.data;
  const user = useUser();
  return (
    <Drawer open width={880} onClose={onClose} title={h?.address ?? t('households:household')} destroyOnHidden>
      {household.isError ? (
        <LoadError error={household.error} onRetry={() => void household.refetch()} />
      ) : (
        h && (
          <>
            <Descriptions size="small" column={3} style={{ marginBottom: 16 }}>
              <Descriptions.Item label={t('households:grid')}>{h.gridName}</Descriptions.Item>
              <Descriptions.Item label={t('households:type')}>{typeName(h.type)}</Descriptions.Item>
              <Descriptions.Item label={t('households:visit-every')}>{t('households:visitintervaldays-days', { visitIntervalDays: h.visitIntervalDays })}</Descriptions.Item>
              <Descriptions.Item label={t('households:tags')} span={2}>
                {h.tags.length ? h.tags.map((x) => <Tag key={x}>{tagName(x)}</Tag>) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('households:risk')}>{h.riskNotes ?? '—'}</Descriptions.Item>
            </Descriptions>
            <Tabs
              items={[
                {
                  key: 'members',
                  label: t('households:members-memberscount', { membersCount: h.members.length }),
                  children: (
                    <Table<Person>
                      rowKey="id"
                      size="small"
                      pagination={false}
                      dataSource={h.members}
                      columns={[
                        { title: t('households:name'), dataIndex: 'name' },
                        { title: t('households:relation'), dataIndex: 'relation', render: (r: string | null) => relation(r) },
                        { title: t('households:age'), dataIndex: 'age', width: 60, render: (a: number | null) => a ?? '—' },
                        { title: t('households:id-number'), render: (_: unknown, p) => <RevealCell person={p} field="idNumber" masked={p.idNumber} /> },
                        { title: t('households:phone'), render: (_: unknown, p) => <RevealCell person={p} field="phone" masked={p.phone} /> },
                      ]}
                    />
                  ),
                },
                {
                  key: 'timeline',
                  label: t('households:timeline'),
                  children: timeline.isError ? (
                    <LoadError error={timeline.error} />
                  ) : (
                    <Timeline
                      items={(timeline.data?.items ?? []).map((e) => ({
                        children: (
                          <>
                            <Typography.Text type="secondary">{formatTime(e.at)}</Typography.Text> {e.summary}
                            {e.actorName ? <Typography.Text type="secondary">（{e.actorName}）</Typography.Text> : null}
                          </>
                        ),
                      }))}
                    />
                  ),
                },
                { key: 'history', label: t('households:history'), children: <HistoryTab id={id} /> },
                {
                  key: 'reminders',
                  label: t('households:reminders'),
                  children: <HouseholdReminders householdId={id} members={h.members} canWrite={hasAnyRole(user, ['admin', 'dispatcher', 'community_staff', 'grid_worker'])} />,
                },
              ]}
            />
          </>
        )
      )}
    </Drawer>
  );
}
