import { Link } from 'react-router-dom';
import { Button, Card, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { EnvironmentOutlined } from '@ant-design/icons';
import { LoadError } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { useToday } from './api';
import { KIND, STATUS, STATUS_COLOR } from './labels';

/**
 * 今日调解: the mediator's day on a phone — the sessions planned for today (and those already recorded),
 * one card each, with the step to take: record the session by the 三步三讲 steps.
 */
export default function TodayPage() {
  const { t, tl } = useI18n();
  const day = useToday();
  return (
    <div style={{ maxWidth: 560, margin: '0 auto' }} data-testid="mediation-today">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('common:todays-sessions')} {day.data?.date ?? ''}
      </Typography.Title>
      {day.error && <LoadError error={day.error} onRetry={() => void day.refetch()} />}
      {day.isPending && <Skeleton active />}
      {day.data && day.data.items.length === 0 && <Empty description={t('mediation:no-session-planned-for-today')} />}
      <Flex vertical gap={12}>
        {day.data?.items.map((c) => {
          const planned = c.nextSessionOn === day.data.date;
          return (
            <Card key={c.id} size="small" data-testid="mediation-today-card">
              <Flex justify="space-between" align="start" gap={8}>
                <div>
                  <Typography.Text strong>{c.title}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary">
                      {c.number} · {tl(KIND[c.kind], c.kind)} · {c.bodyName}
                    </Typography.Text>
                  </div>
                  {c.nextSessionPlace && planned && (
                    <div>
                      <EnvironmentOutlined /> {c.nextSessionPlace}
                    </div>
                  )}
                </div>
                <Tag color={STATUS_COLOR[c.status]}>{tl(STATUS[c.status], c.status)}</Tag>
              </Flex>
              <Flex gap={8} style={{ marginTop: 8 }}>
                {planned ? (
                  <Link to={`/mediation/${c.id}?act=hold_session`} style={{ flex: 1 }}>
                    <Button type="primary" block data-testid="mediation-today-record">
                      {t('mediation:record-the-session')}
                    </Button>
                  </Link>
                ) : (
                  <Tag color="green">{t('mediation:recorded-today')}</Tag>
                )}
                <Link to={`/mediation/${c.id}`}>
                  <Button>{t('mediation:case')}</Button>
                </Link>
              </Flex>
            </Card>
          );
        })}
      </Flex>
    </div>
  );
}
