import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Descriptions, Result, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { ApiError } from '../../app/api';
import { LoadError, PageHeader } from '../../app/components';
import { useI18n } from '../../app/i18n';
import type { AppealDetail } from '../../app/contract';
import { useAppeal } from './api';
import { AppealHouseholdCard } from './AppealHouseholdCard';
import { AppealDuplicates } from './DuplicateSuggestions';
import { AppealPhotos, AppealTimeline } from './AppealTimeline';
import { AppealStatusBar } from './detail/AppealStatusBar';
import { EvaluationsCard, HandlingCard, PartsCard, RequestsCard } from './detail/AppealRecordCards';
import { RequesterCard } from './detail/RequesterCard';
import { CHANNEL_LABELS } from './labels';
import { lookup } from '../../shared/lookup';
import { AppealFundProjects } from '../funds/AppealFundProjects';

export default function AppealDetailPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useI18n();
  const appeal = useAppeal(id);

  if (appeal.isError && appeal.error instanceof ApiError && appeal.error.status === 404) {
    return (
      <Result
        status="404"
        title={t('appeals:no-such-appeal-in-your-area')}
        extra={
          <Link to="/appeals">
            <Button type="primary">{t('appeals:back-to-appeals')}</Button>
          </Link>
        }
      />
    );
  }
  return (
    <>
      <PageHeader
        title={
          <Space>
            <Link to="/appeals" aria-label={t('appeals:back')}>
              <ArrowLeftOutlined />
            </Link>
            <span>
              {t('appeals:appeal')} <span data-testid="appeal-number">{appeal.data?.number ?? ''}</span>
            </span>
          </Space>
        }
        subtitle={appeal.data?.title}
        extra={
          <Space>
            <Link to={`/appeals/${id}/slip`}>
              <Button icon={<PrinterOutlined />} data-testid="appeal-slip-link">
                {t('common:dispatch-slip')}
              </Button>
            </Link>
            <Button icon={<ReloadOutlined />} onClick={() => void appeal.refetch()} loading={appeal.isFetching}>
              {t('appeals:reload')}
            </Button>
          </Space>
        }
      />
      {appeal.isError && <LoadError error={appeal.error} onRetry={() => void appeal.refetch()} />}
      {appeal.isPending ? <Skeleton active paragraph={{ rows: 12 }} /> : appeal.data && <DetailBody appeal={appeal.data} />}
    </>
  );
}

function DetailBody({ appeal }: { appeal: AppealDetail }) {
  const { t, tl } = useI18n();
  const registrationPhotos = appeal.attachments.filter((a) => a.eventId === null || a.eventId === appeal.events[0]?.id);
  return (
    <>
      {appeal.master && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            <span>
              {t('appeals:this-appeal-was-merged-into')}
              <Link to={`/appeals/${appeal.master.id}`}>{appeal.master.number}</Link>
              {t('appeals:and-follows-it')}
            </span>
          }
        />
      )}
      <AppealStatusBar appeal={appeal} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('appeals:the-appeal')} size="small">
              <Descriptions column={{ xs: 1, md: 2 }} size="small">
                <Descriptions.Item label={t('appeals:category')}>
                  <span data-testid="appeal-category">{appeal.categoryName}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('appeals:channel')}>{tl(lookup(CHANNEL_LABELS, appeal.channel), appeal.channel)}</Descriptions.Item>
                <Descriptions.Item label={t('appeals:area')} span={2}>
                  {appeal.regionName}
                  {appeal.needsPlacement && (
                    <Tag color="orange" style={{ marginInlineStart: 8 }}>
                      {t('appeals:not-yet-in-a-grid')}
                    </Tag>
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('appeals:address')}>{appeal.address ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('appeals:coordinates')}>{appeal.location ? `${appeal.location.lon.toFixed(6)}, ${appeal.location.lat.toFixed(6)}` : '—'}</Descriptions.Item>
              </Descriptions>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8, marginBottom: 0 }} data-testid="appeal-content">
                {appeal.content}
              </Typography.Paragraph>
              <AppealPhotos appealId={appeal.id} photos={registrationPhotos} />
            </Card>
            {appeal.channel === 'visit' && <AppealHouseholdCard appealId={appeal.id} />}
            <HandlingCard appeal={appeal} />
            <AppealFundProjects appealId={appeal.id} number={appeal.number} />
            {appeal.parts.length > 0 && <PartsCard appeal={appeal} />}
            {appeal.requests.length > 0 && <RequestsCard appeal={appeal} />}
            {appeal.evaluations.length > 0 && <EvaluationsCard appeal={appeal} />}
            {appeal.status !== 'merged' && <AppealDuplicates appeal={appeal} />}
            {appeal.merged.length > 0 && (
              <Card title={t('appeals:appeals-merged-into-this-one')} size="small">
                <Space wrap>
                  {appeal.merged.map((m) => (
                    <Link key={m.id} to={`/appeals/${m.id}`}>
                      {m.number} {m.title}
                    </Link>
                  ))}
                </Space>
              </Card>
            )}
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <RequesterCard appeal={appeal} />
            <Card title={t('appeals:timeline')} size="small">
              <AppealTimeline appeal={appeal} />
            </Card>
          </Space>
        </Col>
      </Row>
    </>
  );
}
