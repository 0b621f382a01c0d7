/**
 * The appeals inbox's columns (AppealsPage): number, title with its category and tags, who handles it,
 * channel, area, registration, status, time limit, deadline and its red/yellow mark.
 */
import { Link } from 'react-router-dom';
import { Flex, Space, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { chinaDate, chinaDateTime } from '../../shared/time';
import { formatTime, shortRegion } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { AppealChannel, AppealClock, AppealListItem, AppealStatus } from '../../app/contract';
import { lookup } from '../../shared/lookup';
import { CHANNEL_LABELS, CLOCK_COLORS, CLOCK_LABELS, LIMIT_UNIT_LABELS } from './labels';
import { PressingTags } from './PressingTags';
import { StatusTag, UrgencyTag } from './tags';

/** A deadline in a narrow cell, in China time: this year's without the year. */
function shortTime(iso: string): string {
  const full = chinaDateTime(iso);
  return full.slice(0, 4) === chinaDate(new Date()).slice(0, 4) ? full.slice(5) : full.slice(0, 10);
}

/** The columns, with the category names the list shows under each title. */
export function useAppealColumns(categoryNames: Map<string, string>): ColumnsType<AppealListItem> {
  const { t, tl } = useI18n();
  return [
    {
      title: t('appeals:number'),
      dataIndex: 'number',
      width: 172,
      fixed: 'left',
      render: (n: string, a) => (
        <Link to={`/appeals/${a.id}`} data-testid="appeal-link">
          {n}
        </Link>
      ),
    },
    {
      title: t('appeals:title-category'),
      dataIndex: 'title',
      width: 240,
      fixed: 'left',
      ellipsis: true,
      render: (title: string, a) => (
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Space size={4} style={{ minWidth: 0 }}>
            <UrgencyTag urgency={a.urgency} />
            {a.fastTrack && (
              <Tag color="volcano" data-testid="fast-track-tag">
                {t('appeals:same-day')}
              </Tag>
            )}
            <PressingTags urgeCount={a.urgeCount} superviseCount={a.superviseCount} affected={a.affected} />
            <Tooltip title={title}>
              <Typography.Text ellipsis style={{ maxWidth: 200 }}>
                {title}
              </Typography.Text>
            </Tooltip>
          </Space>
          <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
            {categoryNames.get(a.categoryCode) ?? a.categoryCode}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('appeals:handled-by'), dataIndex: 'handlingOrgName', width: 150, ellipsis: true, render: (n: string | null, a) => n ?? (a.onSpot ? t('appeals:on-the-spot') : '—') },
    { title: t('appeals:channel'), dataIndex: 'channel', width: 96, render: (c: AppealChannel) => tl(CHANNEL_LABELS[c], c) },
    {
      title: t('appeals:area-2'),
      dataIndex: 'regionName',
      width: 140,
      render: (n: string) => (
        <Tooltip title={n}>
          <span>{shortRegion(n)}</span>
        </Tooltip>
      ),
    },
    { title: t('appeals:registered'), dataIndex: 'createdAt', width: 140, render: formatTime },
    {
      title: t('appeals:status'),
      dataIndex: 'status',
      width: 92,
      fixed: 'right',
      render: (st: AppealStatus) => (
        <span data-testid="appeal-row-status">
          <StatusTag status={st} />
        </span>
      ),
    },
    {
      title: t('appeals:time-limit'),
      key: 'timeLimit',
      width: 96,
      fixed: 'right',
      render: (_: unknown, a) =>
        a.timeLimit ? (
          <Tooltip title={a.timeLimit.stage === 'accept' ? t('appeals:time-to-accept') : t('appeals:time-to-handle')}>
            <span data-testid="appeal-row-limit">
              {a.timeLimit.amount}
              {tl(lookup(LIMIT_UNIT_LABELS, a.timeLimit.unit), a.timeLimit.unit)}
            </span>
          </Tooltip>
        ) : (
          '—'
        ),
    },
    {
      title: t('appeals:deadline'),
      key: 'deadline',
      width: 112,
      fixed: 'right',
      render: (_: unknown, a) =>
        a.deadline ? (
          <Tooltip title={`${a.deadline.stage === 'accept' ? t('appeals:accept-by-2') : t('appeals:handle-by-2')}：${formatTime(a.deadline.at)}`}>
            <span data-testid="appeal-row-deadline">{shortTime(a.deadline.at)}</span>
          </Tooltip>
        ) : (
          <span data-testid="appeal-row-deadline">—</span>
        ),
    },
    {
      title: t('appeals:due-3'),
      key: 'mark',
      width: 96,
      fixed: 'right',
      render: (_: unknown, a) => (
        <span data-testid="appeal-row-mark" data-state={a.deadline?.state ?? 'none'}>
          {a.deadline ? (
            <Tag color={CLOCK_COLORS[a.deadline.state as AppealClock]} style={{ marginInlineEnd: 0 }}>
              {tl(CLOCK_LABELS[a.deadline.state as AppealClock])}
            </Tag>
          ) : (
            '—'
          )}
        </span>
      ),
    },
  ];
}
