import { Flex, Image, Tag, Timeline, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { AppealAttachment, AppealDetail, AppealEvent } from '../../app/contract';
import { attachmentUrl } from './api';
import { EVENT_COLORS, EVENT_LABELS, EVALUATION_METHOD_LABELS, LIMIT_UNIT_LABELS, ORG_RATING_LABELS, REQUESTER_RATING_LABELS, STATUS_LABELS } from './labels';
import { lookup } from '../../shared/lookup';

/** What an event's data adds in words (rating, grid, leader, merge target…). */
function EventData({ e }: { e: AppealEvent }) {
  const { t, tl } = useI18n();
  const d = e.data ?? {};
  const bits: string[] = [];
  if (e.type === 'rated' && typeof d.rating === 'string') {
    bits.push(`${t('appeals:rating')}：${tl(REQUESTER_RATING_LABELS[d.rating], d.rating)}`);
    if (typeof d.method === 'string') bits.push(tl(EVALUATION_METHOD_LABELS[d.method], d.method));
    if (d.solved === true) bits.push(t('appeals:solved-2'));
    if (d.solved === false) bits.push(t('appeals:not-solved-2'));
  }
  if (e.type === 'org_evaluated' && typeof d.rating === 'string') {
    bits.push(`${t('appeals:rating')}：${tl(ORG_RATING_LABELS[d.rating], d.rating)}`);
    bits.push(d.verified === false ? t('appeals:verification-failed') : t('appeals:verified-2'));
  }
  if (e.type === 'placed' && typeof d.gridCode === 'string') bits.push(`${t('appeals:grid')} ${e.placeName ?? d.gridCode}`);
  if (e.type === 'leader_assigned' && typeof d.leader === 'string') bits.push(`${t('appeals:leader')}：${d.leader}`);
  if (e.type === 'merged' && typeof d.masterNumber === 'string') bits.push(`${t('appeals:into')} ${d.masterNumber}`);
  if (e.type === 'merged_in' && typeof d.number === 'string') bits.push(`${t('appeals:merged-in')} ${d.number}`);
  if ((e.type === 'overdue' || e.type === 'deadline_warning') && typeof d.handlingDueAt === 'string') bits.push(`${t('appeals:due')} ${formatTime(d.handlingDueAt)}`);
  if (e.type === 'response_overdue' && typeof d.responseDueAt === 'string') bits.push(`${t('appeals:sign-for-limit')} ${formatTime(d.responseDueAt)}`);
  if (e.type === 'registered' && typeof d.photos === 'number' && d.photos > 0) bits.push(d.photos === 1 ? t('appeals:1-photo') : t('appeals:photos-photos', { photos: d.photos }));
  if ((e.type === 'extension_requested' || e.type === 'extension_approved') && typeof d.amount === 'number') {
    const unit = LIMIT_UNIT_LABELS[d.unit as keyof typeof LIMIT_UNIT_LABELS];
    bits.push(`${e.type === 'extension_requested' ? t('appeals:asks-for') : t('appeals:extended-by')} ${d.amount} ${unit ? tl(unit) : String(d.unit ?? '')}`);
  }
  if (!bits.length) return null;
  return <Typography.Text type="secondary">{bits.join(' · ')}</Typography.Text>;
}

function Photos({ appealId, photos }: { appealId: string; photos: AppealAttachment[] }) {
  if (!photos.length) return null;
  return (
    <Image.PreviewGroup>
      <Flex wrap gap={6} style={{ marginTop: 6 }}>
        {photos.map((p) => (
          <Image key={p.id} src={attachmentUrl(appealId, p.id)} alt={p.filename} width={72} height={72} style={{ objectFit: 'cover', borderRadius: 4 }} />
        ))}
      </Flex>
    </Image.PreviewGroup>
  );
}

/** The appeal's history: who did what, when, for which organisation, and what the requester sees. */
export function AppealTimeline({ appeal }: { appeal: AppealDetail }) {
  const { t, tl } = useI18n();
  const photosOf = (eventId: number) => appeal.attachments.filter((a) => a.eventId === eventId);
  return (
    <div data-testid="appeal-timeline">
    <Timeline
      items={appeal.events.map((e) => ({
        key: e.id,
        color: EVENT_COLORS[e.type] ?? 'blue',
        content: (
          <div data-testid="timeline-event" data-type={e.type}>
            <Flex wrap gap={8} align="baseline">
              <Typography.Text strong>{tl(EVENT_LABELS[e.type], e.type)}</Typography.Text>
              {e.toStatus && e.fromStatus !== e.toStatus && <Tag style={{ marginInlineEnd: 0 }}>{tl(lookup(STATUS_LABELS, e.toStatus), e.toStatus)}</Tag>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatTime(e.at)} · {e.actorKind === 'public' ? t('appeals:requester') : e.actorKind === 'system' ? t('appeals:system') : e.actorName}
                {e.orgName ? ` · ${e.orgName}` : ''}
              </Typography.Text>
            </Flex>
            {e.note && <div style={{ whiteSpace: 'pre-wrap', marginTop: 2 }}>{e.note}</div>}
            <EventData e={e} />
            {e.publicText && (
              <div style={{ marginTop: 4 }}>
                <Tag color="green" icon={<EyeOutlined />} style={{ marginInlineEnd: 6 }}>
                  {t('appeals:seen-by-the-requester')}
                </Tag>
                <Typography.Text type="secondary">{e.publicText}</Typography.Text>
              </div>
            )}
            <Photos appealId={appeal.id} photos={photosOf(e.id)} />
          </div>
        ),
      }))}
    />
    </div>
  );
}

export { Photos as AppealPhotos };
