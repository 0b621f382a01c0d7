import { Tag, Tooltip } from 'antd';
import { ClockCircleOutlined, PauseCircleOutlined } from '@ant-design/icons';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { AppealClock, AppealStatus, Urgency } from '../../app/types';
import { CLOCK_COLORS, CLOCK_LABELS, STATUS_COLORS, STATUS_LABELS, URGENCY_COLORS, URGENCY_LABELS } from './labels';

export function StatusTag({ status, testId }: { status: AppealStatus; testId?: string }) {
  const { tl } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={testId} data-status={status} style={{ marginInlineEnd: 0 }}>
      {tl(STATUS_LABELS[status], status)}
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
  return dueAt ? <Tooltip title={`${t('办理期限', 'Due')}：${formatTime(dueAt)}`}>{tag}</Tooltip> : tag;
}

export function UrgencyTag({ urgency }: { urgency: Urgency }) {
  const { tl } = useI18n();
  if (urgency === 'normal') return null;
  return (
    <Tag color={URGENCY_COLORS[urgency]} style={{ marginInlineEnd: 0 }}>
      {tl(URGENCY_LABELS[urgency])}
    </Tag>
  );
}
