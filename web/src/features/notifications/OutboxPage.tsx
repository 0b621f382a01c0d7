import { Link } from 'react-router-dom';
import { App, Badge, Button, Card, Popconfirm, Select, Tooltip, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { PageHeader } from '../../app/components';
import { formatTime } from '../../app/format';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useListState } from '../../app/list/useListState';
import { useI18n } from '../../app/i18n';
import type { OutboxMessage } from '../../app/contract';
import { useOutbox, useRetryMessage } from './api';

const STATUS_BADGES: Record<string, 'processing' | 'success' | 'error'> = { pending: 'processing', sent: 'success', failed: 'error' };

/** 短信发件箱: messages to requesters, their delivery state, and a retry for those that failed. */
export default function OutboxPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const list = useListState<{ status?: string }>();
  const status = list.filter.status;
  const outbox = useOutbox(status, list.page, list.pageSize);
  const retry = useRetryMessage();
  const statusLabel: Record<string, string> = { pending: t('notifications:pending'), sent: t('notifications:sent'), failed: t('notifications:failed') };

  const onRetry = async (m: OutboxMessage) => {
    try {
      await retry.mutateAsync(m.id);
      message.success(t('notifications:queued-again'));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <>
      <PageHeader
        title={t('common:sms-outbox')}
        subtitle={t('notifications:receipts-results-and-rating-invitations-sent-to')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void outbox.refetch()} loading={outbox.isFetching}>
            {t('notifications:reload')}
          </Button>
        }
      />
      <Card>
        <ListPage<OutboxMessage, { status?: string }>
          listId="outbox"
          rowKey="id"
          data={pageData(outbox)}
          state={list}
          testId="outbox-table"
          scroll={{ x: 1400 }}
          totalText={(n) => t('notifications:n-messages', { n })}
          filters={
            <Select<string>
              allowClear
              placeholder={t('notifications:any-status')}
              value={status}
              onChange={(v) => list.setFilter({ status: v })}
              options={['pending', 'sent', 'failed'].map((s) => ({ value: s, label: statusLabel[s] }))}
              style={{ width: 140 }}
              data-testid="outbox-status"
            />
          }
          empty={{
            title: status ? t('notifications:no-message-in-this-state') : t('notifications:no-messages-yet'),
            hint: t('notifications:messages-are-queued-when-an-appeal-with-a-phone'),
          }}
          columns={[
            { title: t('notifications:queued'), dataIndex: 'createdAt', width: 140, render: formatTime },
            { title: t('notifications:to'), dataIndex: 'recipient', width: 120 },
            { title: t('notifications:text'), dataIndex: 'body', width: 320, ellipsis: { showTitle: false }, render: (b: string) => <Tooltip title={b}>{b}</Tooltip> },
            {
              title: t('notifications:appeal'),
              dataIndex: 'appealId',
              width: 70,
              render: (id: string | null) => (id ? <Link to={`/appeals/${id}`}>{t('notifications:open')}</Link> : '—'),
            },
            { title: t('notifications:status'), dataIndex: 'status', width: 100, render: (s: string) => <Badge status={STATUS_BADGES[s] ?? 'default'} text={statusLabel[s] ?? s} /> },
            { title: t('notifications:attempts'), dataIndex: 'attempts', width: 90, align: 'right' },
            {
              title: t('notifications:next-attempt-sent'),
              key: 'when',
              width: 150,
              render: (_: unknown, m) => (m.status === 'sent' ? formatTime(m.sentAt) : m.status === 'pending' ? formatTime(m.nextAttemptAt) : '—'),
            },
            {
              title: t('notifications:last-error'),
              dataIndex: 'lastError',
              width: 200,
              ellipsis: { showTitle: false },
              render: (e: string | null) => (e ? <Tooltip title={e}><Typography.Text type="danger">{e}</Typography.Text></Tooltip> : '—'),
            },
            {
              title: t('notifications:actions'),
              key: 'actions',
              width: 90,
              fixed: 'right',
              render: (_: unknown, m) =>
                m.status === 'sent' ? null : (
                  <Popconfirm title={t('notifications:send-this-message-again-now')} onConfirm={() => onRetry(m)}>
                    <Button type="link" size="small" data-testid={`outbox-retry-${m.id}`}>
                      {t('notifications:retry')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
    </>
  );
}
