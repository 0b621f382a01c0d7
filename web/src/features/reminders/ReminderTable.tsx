import { App, Button, Popconfirm, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import type { ReminderItem } from '../../app/contract';
import { useDeleteReminder } from './api';

/** How near a due date is: red once past, orange within a week, blue otherwise. */
function DueTag({ daysLeft }: { daysLeft: number }) {
  const { t } = useI18n();
  if (daysLeft < 0) return <Tag color="red">{t('reminders:value-days-overdue', { value: -daysLeft })}</Tag>;
  if (daysLeft === 0) return <Tag color="red">{t('reminders:due-today')}</Tag>;
  return <Tag color={daysLeft <= 7 ? 'orange' : 'blue'}>{t('reminders:in-daysleft-days', { daysLeft })}</Tag>;
}

/** Dated items (小闹钟): what, whose, when, how near, what was sent. */
export function ReminderTable({
  items,
  loading,
  pagination,
  canDelete,
  testId,
}: {
  items: ReminderItem[];
  loading?: boolean;
  pagination?: false | { current: number; pageSize: number; total: number; onChange: (page: number) => void };
  canDelete: boolean;
  testId: string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const remove = useDeleteReminder();
  return (
    <div data-testid={testId}>
      <Table<ReminderItem>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={pagination ?? false}
        columns={[
          { title: t('reminders:item'), dataIndex: 'kindName' },
          { title: t('reminders:whose'), dataIndex: 'subjectName' },
          { title: t('reminders:due'), dataIndex: 'dueDate', width: 120 },
          { title: t('reminders:when'), dataIndex: 'daysLeft', width: 130, render: (d: number) => <DueTag daysLeft={d} /> },
          {
            title: t('reminders:reminded'),
            dataIndex: 'sent',
            width: 150,
            render: (sent: number[]) =>
              sent.length ? sent.map((s) => <Tag key={s}>{s === 0 ? t('reminders:due-day') : t('reminders:s-d-ahead', { s })}</Tag>) : <Typography.Text type="secondary">—</Typography.Text>,
          },
          { title: t('reminders:note'), dataIndex: 'note', render: (n: string | null) => n ?? '—' },
          ...((canDelete
            ? [
                {
                  title: '',
                  width: 60,
                  render: (_: unknown, r: ReminderItem) => (
                    <Popconfirm
                      title={t('reminders:remove-this-dated-item')}
                      onConfirm={async () => {
                        try {
                          await remove.mutateAsync(r.id);
                        } catch (e) {
                          message.error(errorText(e));
                        }
                      }}
                    >
                      <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('reminders:remove')} />
                    </Popconfirm>
                  ),
                },
              ]
            : []) as TableColumnsType<ReminderItem>),
        ]}
      />
    </div>
  );
}
