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
  const statusLabel: Record<string, string> = { pending: t('待发送', 'Pending'), sent: t('已发送', 'Sent'), failed: t('发送失败', 'Failed') };

  const onRetry = async (m: OutboxMessage) => {
    try {
      await retry.mutateAsync(m.id);
      message.success(t('已重新排队发送', 'Queued again'));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <>
      <PageHeader
        title={t('短信发件箱', 'SMS outbox')}
        subtitle={t('发给诉求人的登记回执、办理结果和评价邀请。发送失败会自动重试，多次失败后可手动重发。', 'Receipts, results and rating invitations sent to requesters. Failures are retried automatically; after many attempts, retry by hand.')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void outbox.refetch()} loading={outbox.isFetching}>
            {t('刷新', 'Reload')}
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
          totalText={(n) => t(`共 ${n} 条`, `${n} messages`)}
          filters={
            <Select<string>
              allowClear
              placeholder={t('全部状态', 'Any status')}
              value={status}
              onChange={(v) => list.setFilter({ status: v })}
              options={['pending', 'sent', 'failed'].map((s) => ({ value: s, label: statusLabel[s] }))}
              style={{ width: 140 }}
              data-testid="outbox-status"
            />
          }
          empty={{
            title: status ? t('没有该状态的消息', 'No message in this state') : t('还没有发给诉求人的消息', 'No messages yet'),
            hint: t('登记留有电话的诉求、反馈结果时，系统会自动给诉求人发送短信。', 'Messages are queued when an appeal with a phone number is registered and when its result is reported back.'),
          }}
          columns={[
            { title: t('时间', 'Queued'), dataIndex: 'createdAt', width: 140, render: formatTime },
            { title: t('接收号码', 'To'), dataIndex: 'recipient', width: 120 },
            { title: t('内容', 'Text'), dataIndex: 'body', width: 320, ellipsis: { showTitle: false }, render: (b: string) => <Tooltip title={b}>{b}</Tooltip> },
            {
              title: t('诉求', 'Appeal'),
              dataIndex: 'appealId',
              width: 70,
              render: (id: string | null) => (id ? <Link to={`/appeals/${id}`}>{t('查看', 'Open')}</Link> : '—'),
            },
            { title: t('状态', 'Status'), dataIndex: 'status', width: 100, render: (s: string) => <Badge status={STATUS_BADGES[s] ?? 'default'} text={statusLabel[s] ?? s} /> },
            { title: t('尝试次数', 'Attempts'), dataIndex: 'attempts', width: 90, align: 'right' },
            {
              title: t('下次尝试 / 发送时间', 'Next attempt / sent'),
              key: 'when',
              width: 150,
              render: (_: unknown, m) => (m.status === 'sent' ? formatTime(m.sentAt) : m.status === 'pending' ? formatTime(m.nextAttemptAt) : '—'),
            },
            {
              title: t('最近错误', 'Last error'),
              dataIndex: 'lastError',
              width: 200,
              ellipsis: { showTitle: false },
              render: (e: string | null) => (e ? <Tooltip title={e}><Typography.Text type="danger">{e}</Typography.Text></Tooltip> : '—'),
            },
            {
              title: t('操作', 'Actions'),
              key: 'actions',
              width: 90,
              fixed: 'right',
              render: (_: unknown, m) =>
                m.status === 'sent' ? null : (
                  <Popconfirm title={t('立即重新发送这条消息？', 'Send this message again now?')} onConfirm={() => onRetry(m)}>
                    <Button type="link" size="small" data-testid={`outbox-retry-${m.id}`}>
                      {t('重发', 'Retry')}
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
