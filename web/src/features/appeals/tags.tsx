import { Tag, Tooltip } from 'antd';
import { ClockCircleOutlined, PauseCircleOutlined } from '@ant-design/icons';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { AppealClock, AppealStatus, Urgency } from '../../app/contract';
import { CLOCK_COLORS, CLOCK_LABELS, STATUS_COLORS, STATUS_LABELS, URGENCY_COLORS, URGENCY_LABELS } from './labels';
import { lookup } from '../../shared/lookup';

/** An appeal's status (the server answers it as a string; an unknown one shows as it is). */
export function StatusTag({ status, testId }: { status: AppealStatus | string; testId?: string }) {
  const { tl } = useI18n();
  return (
    <Tag color={lookup(STATUS_COLORS, status)} data-testid={testId} data-status={status} style={{ marginInlineEnd: 0 }}>
      {tl(lookup(STATUS_LABELS, status), status)}
    </Tag>
  );
}

/** The handling clock: 正常 / 即将超期 / 已超期 / 暂停计时; nothing when no clock runs. */
export function ClockTag({ clock, dueAt, testId }: { clock: AppealClock | null; dueAt?: string | null; testId?: string }) {
  const { t, tl } = useI18n();
  if (!clock) return null;
  const tag = (
    <Tag
      color={CLOCK_COLORS[clock]}
      icon={clock === 'paused' ? <PauseCircleOutlined /> : <ClockCircleOutlined />}
      data-testid={testId}
      data-clock={clock}
      style={{ marginInlineEnd: 0 }}
    >
      {tl(CLOCK_LABELS[clock])}
    </Tag>
  );
  return dueAt ? <Tooltip title={`${t('appeals:due')}：${formatTime(dueAt)}`}>{tag}</Tooltip> : tag;
}

export function UrgencyTag({ urgency }: { urgency: Urgency | string }) {
  const { tl } = useI18n();
  if (urgency === 'normal') return null;
  return (
    <Tag color={lookup(URGENCY_COLORS, urgency)} style={{ marginInlineEnd: 0 }}>
      {tl(lookup(URGENCY_LABELS, urgency))}
    </Tag>
  );
}
