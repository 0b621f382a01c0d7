import { useState, type ReactNode } from 'react';
import { Button, Card, Flex, Tag, Tooltip, Typography } from 'antd';
import { formatTime } from '../../../app/format';
import { useI18n } from '../../../app/i18n';
import type { AppealAction, AppealDetail } from '../../../app/contract';
import { ActionModal } from '../actions/ActionModal';
import { useLeaders } from '../api';
import { ACTION_LABELS, ACTION_ORDER, DANGER_ACTIONS, PRIMARY_ACTIONS } from '../labels';
import { PressingTags } from '../PressingTags';
import { ClockTag, StatusTag, UrgencyTag } from '../tags';

/** The appeal's state at a glance (status, clock, flags, due time) and the actions open to the caller. */
export function AppealStatusBar({ appeal }: { appeal: AppealDetail }) {
  const { t } = useI18n();
  const flags: ReactNode[] = [];
  if (appeal.onSpot) flags.push(<Tag key="onspot" color="green">{t('appeals:solved-on-the-spot')}</Tag>);
  if (appeal.whistled) flags.push(<Tag key="whistle" color="orange">{t('appeals:whistled')}</Tag>);
  if (appeal.leaderUserId) flags.push(<Tag key="leader" color="gold">{t('appeals:leader-case')}</Tag>);
  if (appeal.deferred) flags.push(<Tag key="deferred">{t('appeals:deferred')}</Tag>);
  if (appeal.urgeCount + appeal.superviseCount + appeal.affected > 0) flags.push(<PressingTags key="pressing" urgeCount={appeal.urgeCount} superviseCount={appeal.superviseCount} affected={appeal.affected} />);
  if (appeal.reworkCount > 0) flags.push(<Tag key="rework" color="volcano">{t('appeals:reworked-reworkcount', { reworkCount: appeal.reworkCount })}</Tag>);
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
              {t('appeals:due')} {formatTime(appeal.handlingDueAt)}
            </Typography.Text>
          )}
          {appeal.status === 'registered' && appeal.acceptDueAt && (
            <Typography.Text type={new Date(appeal.acceptDueAt) < new Date() ? 'danger' : 'secondary'} style={{ fontSize: 13 }} data-testid="appeal-accept-due">
              {t('appeals:accept-by')} {formatTime(appeal.acceptDueAt)}
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
        {appeal.status === 'closed' || appeal.status === 'not_accepted' || appeal.status === 'merged' || appeal.status === 'withdrawn'
          ? t('appeals:this-appeal-is-finished-nothing-to-do')
          : t('appeals:nothing-for-you-to-do-at-this-step')}
      </Typography.Text>
    );
  }
  return (
    <Flex wrap gap={8} data-testid="appeal-actions">
      {actions.map((a) => {
        if (a === 'assign_leader' && !leaders.isSuccess) {
          // The leaders list answers administrators only; without it no leader can be chosen.
          return (
            <Tooltip key={a} title={leaders.isPending ? t('appeals:loading-leaders') : t('appeals:only-an-administrator-can-pick-the-leader-the')}>
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
