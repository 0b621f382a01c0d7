import { useState } from 'react';
import { App, Button, Card, DatePicker, Popconfirm, Progress, Tag, Tooltip, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { errorText } from '../../app/api';
import { chinaToday } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useListState } from '../../app/list/useListState';
import { useGeneratePlan, usePlans, type PlanRow } from './api';
import { ISO_DATE } from './period';

/** 今日计划: each grid worker's plan for a day, and remaking one (visited items stay). */
export function PlansTab({ regionCode }: { regionCode: string | undefined }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [date, setDate] = useState<Dayjs>(() => chinaToday());
  const paging = useListState<object>();
  const day = date.format(ISO_DATE);
  const plans = usePlans(regionCode, day, paging.page, paging.pageSize);
  const generate = useGeneratePlan();
  const [busy, setBusy] = useState<string | null>(null);

  // Another day is another list: back to its first page.
  const pick = (d: Dayjs) => {
    setDate(d);
    paging.setPaging(1, paging.pageSize);
  };

  const regenerate = async (r: PlanRow) => {
    setBusy(r.workerId);
    try {
      const plan = await generate.mutateAsync({ workerId: r.workerId, date: day });
      message.success(
        plan.workingDay
          ? t('visits:made-workername-s-plan-again-itemscount', { workerName: r.workerName, itemsCount: plan.items.length })
          : t('visits:day-is-not-a-working-day-workername-has-no-plan', { day, workerName: r.workerName }),
      );
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card size="small">
      <ListPage<PlanRow, object>
        listId="visits-plans"
        savedFilters={false}
        filters={
          <>
            <DatePicker
              value={date}
              allowClear={false}
              onChange={(d) => d && pick(d)}
              data-testid="visits-plans-date"
            />
            <Button onClick={() => pick(chinaToday())}>{t('visits:today')}</Button>
            <Typography.Text type="secondary">
              {t('visits:plans-are-made-each-morning-from-vulnerable')}
            </Typography.Text>
          </>
        }
        rowKey="id"
        size="small"
        data={pageData(plans)}
        state={paging}
        testId="visits-plans-table"
        totalText={(n) => t('visits:n-plans', { n })}
        empty={{
          title: t('visits:no-plan-for-day', { day }),
          hint: t('visits:a-plan-is-made-when-a-grid-worker-opens-today-on'),
        }}
        columns={[
          { title: t('visits:grid-worker'), dataIndex: 'workerName', width: 140 },
          { title: t('visits:grid-2'), dataIndex: 'gridName', render: (n: string, r) => n || r.gridCode },
          { title: t('visits:quota'), dataIndex: 'quota', width: 70, align: 'right' },
          { title: t('visits:planned'), dataIndex: 'planned', width: 70, align: 'right' },
          { title: t('visits:visited'), dataIndex: 'visited', width: 80, align: 'right' },
          { title: t('visits:nobody-home'), dataIndex: 'nobodyHome', width: 100, align: 'right' },
          {
            title: t('visits:ahead-of-schedule'),
            dataIndex: 'ahead',
            width: 100,
            align: 'right',
            render: (n: number) =>
              n > 0 ? (
                <Tooltip title={t('visits:households-not-yet-due-planned-only-when-nothing')}>
                  <Tag color="geekblue" data-testid="visits-plan-ahead">{n}</Tag>
                </Tooltip>
              ) : (
                0
              ),
          },
          {
            title: t('visits:done'),
            width: 180,
            render: (_: unknown, r) => {
              const done = r.visited + r.nobodyHome;
              const of = Math.max(r.planned, 1);
              return <Progress size="small" percent={Math.round((done / of) * 100)} format={() => `${done}/${r.planned}`} status={done >= r.planned && r.planned > 0 ? 'success' : 'normal'} />;
            },
          },
          {
            title: '',
            width: 120,
            render: (_: unknown, r: PlanRow) => (
              <Popconfirm
                title={t('visits:make-workername-s-plan-again', { workerName: r.workerName })}
                description={t('visits:visited-households-stay-the-rest-are-chosen')}
                onConfirm={() => regenerate(r)}
              >
                <Button size="small" icon={<ReloadOutlined />} loading={busy === r.workerId} data-testid="visits-plan-regenerate">
                  {t('visits:regenerate')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Card>
  );
}
