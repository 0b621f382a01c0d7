import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App, Badge, Button, Empty, Flex, List, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { errorText } from '../../app/api';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { AppNotification } from '../../app/contract';
import { useMarkRead, useNotifications } from './api';

dayjs.extend(relativeTime);

/** The header bell: unread count, the latest notifications, and a click through to the appeal. */
export function NotificationBell() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const notes = useNotifications();
  const markRead = useMarkRead();
  const unread = notes.data?.unread ?? 0;

  const openOne = (n: AppNotification) => {
    if (!n.readAt) markRead.mutate(n.id);
    setOpen(false);
    if (n.appealId) navigate(`/appeals/${n.appealId}`);
    // A notification about a record of the console (a warning, a monthly report) carries its page's path.
    else if (n.body?.startsWith('/')) navigate(n.body);
  };

  const content = (
    <div style={{ width: 360 }} data-testid="notifications-panel">
      <Flex justify="space-between" align="center" style={{ marginBottom: 4 }}>
        <Typography.Text strong>{t('notifications:notifications')}</Typography.Text>
        <Button
          type="link"
          size="small"
          disabled={!unread}
          loading={markRead.isPending}
          onClick={() => markRead.mutate(undefined, { onError: (e) => message.error(errorText(e)) })}
          data-testid="notifications-read-all"
        >
          {t('notifications:mark-all-read')}
        </Button>
      </Flex>
      {notes.isError ? (
        <Typography.Text type="danger">{errorText(notes.error)}</Typography.Text>
      ) : (
        <List<AppNotification>
          size="small"
          loading={notes.isPending}
          dataSource={notes.data?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications:nothing-yet-new-dispatched-and-overdue-appeals')} /> }}
          style={{ maxHeight: 420, overflowY: 'auto' }}
          renderItem={(n) => (
            <List.Item
              onClick={() => openOne(n)}
              style={{ cursor: n.appealId || n.body?.startsWith('/') ? 'pointer' : 'default', paddingInline: 4, background: n.readAt ? undefined : '#f0f5ff' }}
              data-testid="notification-item"
            >
              <List.Item.Meta
                title={
                  <Flex gap={6} align="center">
                    {!n.readAt && <Badge status="processing" />}
                    <Typography.Text strong={!n.readAt} ellipsis style={{ maxWidth: 300 }}>
                      {n.title}
                    </Typography.Text>
                  </Flex>
                }
                description={
                  <>
                    {n.body && (
                      <Typography.Text type="secondary" ellipsis style={{ display: 'block', maxWidth: 330, fontSize: 12 }}>
                        {n.body}
                      </Typography.Text>
                    )}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }} title={formatTime(n.at)}>
                      {dayjs(n.at).fromNow()}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      {(notes.data?.total ?? 0) > (notes.data?.items.length ?? 0) && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('notifications:latest-itemscount-of-total', { itemsCount: notes.data?.items.length, total: notes.data?.total })}
        </Typography.Text>
      )}
    </div>
  );

  return (
    <Popover content={content} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight" arrow={false}>
      <Badge count={unread} size="small" overflowCount={99} offset={[-4, 4]}>
        <Button type="text" aria-label={t('notifications:notifications')} icon={<BellOutlined />} style={{ color: '#fff' }} data-testid="notifications-bell" />
      </Badge>
    </Popover>
  );
}
