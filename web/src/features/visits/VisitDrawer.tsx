import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Descriptions, Drawer, Empty, Image, Skeleton, Table, Tag, Typography } from 'antd';
import { hasAnyRole, useUser } from '../../app/auth';
import { NewCaseModal } from '../mediation/NewCaseModal';
import { LoadError } from '../../app/components';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useVisit, visitPhotoUrl } from './api';
import { CHANGE_STATUS_LABELS, SERVICE_LABELS } from './labels';
import type { Visit } from '../../app/contract';
import { FindingTag, FlagTags, OutcomeTag } from './VisitTags';
import { lookup } from '../../shared/lookup';
import { PlaceName } from '../../app/PlaceName';

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  return Array.isArray(v) ? v.join('、') : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const MEDIATION_WRITERS = ['mediator', 'dispatcher', 'community_staff', 'handler'] as const;

/** One visit as logged at the door: when, who, what was found, its photos and flags. */
export function VisitDrawer({ id, onClose, onOpenHousehold, mediate = true }: { id: string; onClose: () => void; onOpenHousehold: (householdId: string) => void; mediate?: boolean }) {
  const { t } = useI18n();
  const visit = useVisit(id);
  const v = visit.data;
  const user = useUser();
  const [mediating, setMediating] = useState(false);
  // Who may open mediation cases (server: mediation.write) sends a dispute found at the door (矛盾排查,
  // the visit's `dispute` finding) to 人民调解 — once: a dispute already sent links to its case instead.
  const mayMediate = mediate && hasAnyRole(user, MEDIATION_WRITERS) && v?.finding === 'dispute' && !v.mediationCaseId;
  return (
    <Drawer
      open
      width={720}
      onClose={onClose}
      title={v ? v.householdAddress : t('visits:visit')}
      destroyOnHidden
      data-testid="visit-drawer"
      extra={
        mayMediate && (
          <Button onClick={() => setMediating(true)} data-testid="visit-to-mediation">
            {t('visits:to-mediation')}
          </Button>
        )
      }
    >
      {visit.isError ? <LoadError error={visit.error} onRetry={() => void visit.refetch()} /> : !v ? <Skeleton active /> : <VisitDetails v={v} onOpenHousehold={onOpenHousehold} />}
      {mediating && v && <NewCaseModal onClose={() => setMediating(false)} from={{ visitId: v.id, gridCode: v.gridCode, summary: v.disputeSummary ?? ([v.situation, v.findingNote].filter(Boolean).join('\n') || undefined) }} />}
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
          title={t('visits:the-file-change-conflicts-with-another-edit-the')}
          description={
            <>
              <div>{v.conflict.message}</div>
              <Table
                size="small"
                rowKey="field"
                pagination={false}
                dataSource={v.conflict.fields}
                columns={[
                  { title: t('visits:field'), dataIndex: 'field' },
                  { title: t('visits:at-the-door'), dataIndex: 'mine', render: show },
                  { title: t('visits:on-file-now'), dataIndex: 'current', render: show },
                ]}
              />
            </>
          }
        />
      )}
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('visits:checked-in')}>{formatTime(v.checkInAt)}</Descriptions.Item>
        <Descriptions.Item label={t('visits:received')}>{formatTime(v.receivedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('visits:visited-by')}>{v.workerName}</Descriptions.Item>
        <Descriptions.Item label={t('visits:grid-2')}>
          <PlaceName code={v.gridCode} name={v.gridName} testId="visit-grid" />
        </Descriptions.Item>
        <Descriptions.Item label={t('visits:household')} span={2}>
          <Typography.Link onClick={() => onOpenHousehold(v.householdId)} data-testid="visit-household-link">
            {v.householdAddress || v.householdId}
          </Typography.Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('visits:outcome')}>
          <OutcomeTag outcome={v.outcome} />
        </Descriptions.Item>
        <Descriptions.Item label={t('visits:met-with')}>{v.metWith ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('visits:flags')} span={2}>
          {v.flags.length || v.byCadre ? <FlagTags visit={v} /> : t('visits:none')}
          {v.distanceM !== null && (
            <Typography.Text type="secondary">{t('visits:distancem-m-from-the-household', { distanceM: Math.round(v.distanceM) })}</Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('visits:situation')} span={2}>
          <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{v.situation ?? '—'}</Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label={t('visits:finding')}>
          <FindingTag finding={v.finding} />
        </Descriptions.Item>
        <Descriptions.Item label={t('visits:service')}>{v.serviceKind ? tl(lookup(SERVICE_LABELS, v.serviceKind), v.serviceKind) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('visits:note')} span={2}>
          <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{v.findingNote ?? '—'}</Typography.Paragraph>
        </Descriptions.Item>
        {v.finding === 'dispute' && (
          <Descriptions.Item label={t('visits:dispute')} span={2}>
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} data-testid="visit-dispute">
              {v.disputeSummary ?? '—'}
            </Typography.Paragraph>
            {v.mediationCaseId && (
              <Link to={`/mediation/${v.mediationCaseId}`} data-testid="visit-mediation-case">
                {t('visits:sent-to-mediation-mediationcasenumber', { mediationCaseNumber: v.mediationCaseNumber ?? '' })}
              </Link>
            )}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('visits:appeal')}>
          {v.appealId ? (
            <Link to={`/appeals/${v.appealId}`} data-testid="visit-appeal-link">
              {v.appealNumber ?? v.appealId}
            </Link>
          ) : v.appealError ? (
            <Typography.Text type="danger" data-testid="visit-appeal-error">
              {t('visits:not-registered-appealerror', { appealError: v.appealError })}
            </Typography.Text>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('visits:file-change')}>{v.changeStatus ? <Tag>{tl(lookup(CHANGE_STATUS_LABELS, v.changeStatus))}</Tag> : '—'}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('visits:photos-photocount', { photoCount: v.photoCount })}
      </Typography.Title>
      {v.photoCount === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('visits:no-photo-was-taken-on-this-visit')} />
      ) : (
        <Image.PreviewGroup>
          {Array.from({ length: v.photoCount }, (_, i) => (
            <Image key={i} width={140} height={140} style={{ objectFit: 'cover', marginInlineEnd: 8 }} src={visitPhotoUrl(v.id, i + 1)} alt={t('visits:photo-value', { value: i + 1 })} />
          ))}
        </Image.PreviewGroup>
      )}
    </>
  );
}
