import { useState } from 'react';
import { App, Button, Card, Flex, InputNumber, Segmented, Select, Space, Table, Typography } from 'antd';
import { errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { LoadError, PageHeader } from '../../app/components';
import { useI18n } from '../../app/i18n';
import type { ReminderKind } from '../../app/contract';
import { useReminderKinds, useReminders, useSetKindDays } from './api';
import { ReminderTable } from './ReminderTable';

type Status = 'upcoming' | 'overdue' | 'all';

/** 小闹钟: the dated items of household files and firms in the caller's area, upcoming or overdue. */
export default function RemindersPage() {
  const { t } = useI18n();
  const user = useUser();
  const [status, setStatus] = useState<Status>('upcoming');
  const [kind, setKind] = useState<string | undefined>();
  const [withinDays, setWithinDays] = useState(60);
  const [page, setPage] = useState(1);
  const kinds = useReminderKinds();
  const list = useReminders({ status, kind, withinDays: status === 'upcoming' ? withinDays : undefined, page, pageSize: 20 });
  const canWrite = hasAnyRole(user, ['admin', 'dispatcher', 'community_staff', 'grid_worker']);
  return (
    <>
      <PageHeader title={t('common:expiry-reminders')} subtitle={t('reminders:reminding-residents-firms-and-grid-workers')} />
      <Card size="small">
        <Flex gap={16} wrap align="center" style={{ marginBottom: 12 }}>
          <Segmented<Status>
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={[
              { value: 'upcoming', label: t('reminders:upcoming') },
              { value: 'overdue', label: t('reminders:overdue') },
              { value: 'all', label: t('reminders:all') },
            ]}
            data-testid="reminders-status"
          />
          <Select
            allowClear
            placeholder={t('reminders:kind')}
            style={{ width: 180 }}
            value={kind}
            onChange={(v) => {
              setKind(v);
              setPage(1);
            }}
            options={(kinds.data ?? []).map((k) => ({ value: k.code, label: k.name }))}
          />
          {status === 'upcoming' && (
            <Space>
              {t('reminders:due-within-days')}
              <InputNumber min={1} max={366} value={withinDays} onChange={(v) => v && setWithinDays(v)} style={{ width: 80 }} />
            </Space>
          )}
        </Flex>
        {list.error ? (
          <LoadError error={list.error} />
        ) : (
          <ReminderTable
            testId="reminders-list"
            items={list.data?.items ?? []}
            loading={list.isLoading}
            canDelete={canWrite}
            pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
          />
        )}
        {list.data?.total === 0 && (
          <Typography.Text type="secondary">{t('reminders:nothing-due-record-review-and-expiry-dates-on-a')}</Typography.Text>
        )}
      </Card>
      {hasAnyRole(user, ['admin']) && kinds.data && <KindSettings kinds={kinds.data} />}
    </>
  );
}

/** The administrator's table of kinds: how many days ahead each reminds (the due day always does). */
function KindSettings({ kinds }: { kinds: ReminderKind[] }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const save = useSetKindDays();
  const [edits, setEdits] = useState<Record<string, number[]>>({});
  return (
    <Card size="small" title={t('reminders:days-ahead-2')} style={{ marginTop: 16 }}>
      <Table<ReminderKind>
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={kinds}
        columns={[
          { title: t('reminders:item'), dataIndex: 'name' },
          { title: t('reminders:whose'), dataIndex: 'subject', render: (s: string) => (s === 'person' ? t('reminders:person') : t('common:firm')) },
          {
            title: t('reminders:days-ahead'),
            render: (_: unknown, k) => (
              <Select
                mode="tags"
                style={{ minWidth: 220 }}
                value={(edits[k.code] ?? k.daysBefore).map(String)}
                onChange={(v: string[]) => setEdits({ ...edits, [k.code]: v.map(Number).filter((n) => Number.isInteger(n) && n > 0) })}
              />
            ),
          },
          {
            title: '',
            width: 90,
            render: (_: unknown, k) => (
              <Button
                size="small"
                disabled={!edits[k.code]}
                loading={save.isPending && save.variables?.code === k.code}
                onClick={async () => {
                  try {
                    await save.mutateAsync({ code: k.code, daysBefore: edits[k.code] });
                    const { [k.code]: _done, ...rest } = edits;
                    setEdits(rest);
                    message.success(t('reminders:saved'));
                  } catch (e) {
                    message.error(errorText(e));
                  }
                }}
              >
                {t('common:save')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
