import { useState, type ReactNode } from 'react';
import { Button, Card, Flex, Tag, Tooltip, Typography } from 'antd';
import { formatTime } from '../../../app/format';
import { useI18n } from '../../../app/i18n';
import type { AppealAction, AppealDetail } from '../../../app/contract';
import { ActionModal } from '../actions/ActionModal';
import { useLeaders } from '../api';
import { ACTION_LABELS, ACTION_ORDER, DANGER_ACTIONS, PRIMARY_ACTIONS } from '../labels';
import { ClockTag, StatusTag, UrgencyTag } from '../tags';

/** The appeal's state at a glance (status, clock, flags, due time) and the actions open to the caller. */
export function AppealStatusBar({ appeal }: { appeal: AppealDetail }) {
  const { t } = useI18n();
  const flags: ReactNode[] = [];
  if (appeal.onSpot) flags.push(<Tag key="onspot" color="green">{t('就地解决', 'Solved on the spot')}</Tag>);
  if (appeal.whistled) flags.push(<Tag key="whistle" color="orange">{t('社区吹哨', 'Whistled')}</Tag>);
  if (appeal.leaderUserId) flags.push(<Tag key="leader" color="gold">{t('领导包案', 'Leader case')}</Tag>);
  if (appeal.deferred) flags.push(<Tag key="deferred">{t('缓办', 'Deferred')}</Tag>);
  if (appeal.reworkCount > 0) flags.push(<Tag key="rework" color="volcano">{t(`重办 ${appeal.reworkCount} 次`, `Reworked ×${appeal.reworkCount}`)}</Tag>);
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Flex wrap justify="space-between" align="center" gap={12}>
        <Flex wrap gap={8} align="center">
          <StatusTag status={appeal.status} testId="appeal-status" />
          <ClockTag clock={appeal.clock} dueAt={appeal.handlingDueAt} testId="appeal-clock" />
          <UrgencyTag urgency={appeal.urgency} />
          {flags}
          {appeal.handlingDueAt && (
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('办理期限', 'Due')} {formatTime(appeal.handlingDueAt)}
            </Typography.Text>
          )}
        </Flex>
        <ActionBar appeal={appeal} />
      </Flex>
    </Card>
  );
}

/** Only the actions the server says this caller may take now. */
function ActionBar({ appeal }: { appeal: AppealDetail }) {
  const { t, tl } = useI18n();
  const [open, setOpen] = useState<{ action: AppealAction; initial?: Record<string, unknown> } | null>(null);
  const allowed = new Set(appeal.actions);
  const leaders = useLeaders(appeal.id, allowed.has('assign_leader'));
  // The server offers these by status alone; the clock and pending requests say which make sense now.
  const pending = appeal.requests.some((r) => r.status === 'pending');
  const fits = (a: AppealAction) =>
    (a !== 'resume' || !!appeal.pausedAt) && (a !== 'await_requester' || !appeal.pausedAt) && (a !== 'decide_request' || pending);
  const actions = ACTION_ORDER.filter((a) => allowed.has(a) && fits(a));
  if (!actions.length) {
    return (
      <Typography.Text type="secondary" data-testid="appeal-no-actions">
        {appeal.status === 'closed' || appeal.status === 'not_accepted' || appeal.status === 'merged'
          ? t('本诉求已办结归档，无需操作。', 'This appeal is finished; nothing to do.')
          : t('当前环节不需要您操作。', 'Nothing for you to do at this step.')}
      </Typography.Text>
    );
  }
  return (
    <Flex wrap gap={8} data-testid="appeal-actions">
      {actions.map((a) => {
        if (a === 'assign_leader' && !leaders.isSuccess) {
          // The leaders list answers administrators only; without it no leader can be chosen.
          return (
            <Tooltip key={a} title={leaders.isPending ? t('正在加载领导名单…', 'Loading leaders…') : t('领导包案需由系统管理员指定（无权读取领导名单）', 'Only an administrator can pick the leader (the leader list is not available to you)')}>
              <Button disabled autoInsertSpace={false} data-testid={`appeal-action-${a}`}>
                {tl(ACTION_LABELS[a])}
              </Button>
            </Tooltip>
          );
        }
        return (
          <Button
            key={a}
            type={PRIMARY_ACTIONS.has(a) ? 'primary' : 'default'}
            danger={DANGER_ACTIONS.has(a)}
            autoInsertSpace={false}
            onClick={() => setOpen({ action: a })}
            data-testid={`appeal-action-${a}`}
          >
            {tl(ACTION_LABELS[a])}
          </Button>
        );
      })}
      {open && <ActionModal key={open.action} appeal={appeal} action={open.action} initial={open.initial} onClose={() => setOpen(null)} />}
    </Flex>
  );
}
