import { Link } from 'react-router-dom';
import { Alert, Descriptions, Drawer, Empty, Image, Skeleton, Table, Tag, Typography } from 'antd';
import { LoadError } from '../../app/components';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useVisit, visitPhotoUrl } from './api';
import { CHANGE_STATUS_LABELS, SERVICE_LABELS } from './labels';
import type { Visit } from '../../app/contract';
import { FindingTag, FlagTags, OutcomeTag } from './VisitTags';
import { lookup } from '../../shared/lookup';

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  return Array.isArray(v) ? v.join('、') : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** One visit as logged at the door: when, who, what was found, its photos and flags. */
export function VisitDrawer({ id, onClose, onOpenHousehold }: { id: string; onClose: () => void; onOpenHousehold: (householdId: string) => void }) {
  const { t } = useI18n();
  const visit = useVisit(id);
  const v = visit.data;
  return (
    <Drawer open width={720} onClose={onClose} title={v ? v.householdAddress : t('走访记录', 'Visit')} destroyOnHidden data-testid="visit-drawer">
      {visit.isError ? <LoadError error={visit.error} onRetry={() => void visit.refetch()} /> : !v ? <Skeleton active /> : <VisitDetails v={v} onOpenHousehold={onOpenHousehold} />}
    </Drawer>
  );
}

function VisitDetails({ v, onOpenHousehold }: { v: Visit; onOpenHousehold: (householdId: string) => void }) {
  const { t, tl } = useI18n();
  return (
    <>
      {v.changeStatus === 'conflict' && v.conflict && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('档案变更与他人修改冲突，待网格员处理', 'The file change conflicts with another edit; the grid worker must resolve it')}
          description={
            <>
              <div>{v.conflict.message}</div>
              <Table
                size="small"
                rowKey="field"
                pagination={false}
                dataSource={v.conflict.fields}
                columns={[
                  { title: t('字段', 'Field'), dataIndex: 'field' },
                  { title: t('走访时提交', 'At the door'), dataIndex: 'mine', render: show },
                  { title: t('当前档案', 'On file now'), dataIndex: 'current', render: show },
                ]}
              />
            </>
          }
        />
      )}
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('签到时间', 'Checked in')}>{formatTime(v.checkInAt)}</Descriptions.Item>
        <Descriptions.Item label={t('上传时间', 'Received')}>{formatTime(v.receivedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('走访人', 'Visited by')}>{v.workerName}</Descriptions.Item>
        <Descriptions.Item label={t('网格', 'Grid')}>{v.gridCode}</Descriptions.Item>
        <Descriptions.Item label={t('户', 'Household')} span={2}>
          <Typography.Link onClick={() => onOpenHousehold(v.householdId)} data-testid="visit-household-link">
            {v.householdAddress || v.householdId}
          </Typography.Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('结果', 'Outcome')}>
          <OutcomeTag outcome={v.outcome} />
        </Descriptions.Item>
        <Descriptions.Item label={t('接待人', 'Met with')}>{v.metWith ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('标记', 'Flags')} span={2}>
          {v.flags.length || v.byCadre ? <FlagTags visit={v} /> : t('无', 'None')}
          {v.distanceM !== null && (
            <Typography.Text type="secondary">{t(`（距该户 ${Math.round(v.distanceM)} 米）`, ` (${Math.round(v.distanceM)} m from the household)`)}</Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('家庭情况', 'Situation')} span={2}>
          <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{v.situation ?? '—'}</Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label={t('发现', 'Finding')}>
          <FindingTag finding={v.finding} />
        </Descriptions.Item>
        <Descriptions.Item label={t('服务方式', 'Service')}>{v.serviceKind ? tl(lookup(SERVICE_LABELS, v.serviceKind), v.serviceKind) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('说明', 'Note')} span={2}>
          <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{v.findingNote ?? '—'}</Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label={t('关联诉求', 'Appeal')}>
          {v.appealId ? (
            <Link to={`/appeals/${v.appealId}`} data-testid="visit-appeal-link">
              {v.appealNumber ?? v.appealId}
            </Link>
          ) : v.appealError ? (
            <Typography.Text type="danger" data-testid="visit-appeal-error">
              {t(`未能登记：${v.appealError}`, `Not registered: ${v.appealError}`)}
            </Typography.Text>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('档案变更', 'File change')}>{v.changeStatus ? <Tag>{tl(lookup(CHANGE_STATUS_LABELS, v.changeStatus))}</Tag> : '—'}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t(`现场照片（${v.photoCount}）`, `Photos (${v.photoCount})`)}
      </Typography.Title>
      {v.photoCount === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('这次走访没有上传照片', 'No photo was taken on this visit')} />
      ) : (
        <Image.PreviewGroup>
          {Array.from({ length: v.photoCount }, (_, i) => (
            <Image key={i} width={140} height={140} style={{ objectFit: 'cover', marginInlineEnd: 8 }} src={visitPhotoUrl(v.id, i + 1)} alt={t(`照片 ${i + 1}`, `Photo ${i + 1}`)} />
          ))}
        </Image.PreviewGroup>
      )}
    </>
  );
}
