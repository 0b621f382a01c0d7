import { useState } from 'react';
import { App, Button, Card, DatePicker, Popconfirm, Progress, Typography } from 'antd';
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
          ? t(`已重新生成 ${r.workerName} 的计划：${plan.items.length} 户`, `Made ${r.workerName}'s plan again: ${plan.items.length} households`)
          : t(`${day} 不是工作日，${r.workerName} 没有走访计划`, `${day} is not a working day: ${r.workerName} has no plan`),
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
            <Button onClick={() => pick(chinaToday())}>{t('今天', 'Today')}</Button>
            <Typography.Text type="secondary">
              {t('计划每天清晨按困难户、逾期、从未走访和错时窗口生成；重新生成会保留已走访的户。', 'Plans are made each morning from vulnerable, overdue and never-visited households and the visiting windows; remaking one keeps the households already visited.')}
            </Typography.Text>
          </>
        }
        rowKey="id"
        size="small"
        data={pageData(plans)}
        state={paging}
        testId="visits-plans-table"
        totalText={(n) => t(`共 ${n} 份计划`, `${n} plans`)}
        empty={{
          title: t(`${day} 没有走访计划`, `No plan for ${day}`),
          hint: t('网格员打开手机端“今日走访”时会自动生成；节假日和周末不排计划。', 'A plan is made when a grid worker opens Today on the phone; none on weekends and holidays.'),
        }}
        columns={[
          { title: t('网格员', 'Grid worker'), dataIndex: 'workerName', width: 140 },
          { title: t('网格', 'Grid'), dataIndex: 'gridName', render: (n: string, r) => n || r.gridCode },
          { title: t('任务', 'Quota'), dataIndex: 'quota', width: 70, align: 'right' },
          { title: t('计划', 'Planned'), dataIndex: 'planned', width: 70, align: 'right' },
          { title: t('已走访', 'Visited'), dataIndex: 'visited', width: 80, align: 'right' },
          { title: t('无人在家', 'Nobody home'), dataIndex: 'nobodyHome', width: 100, align: 'right' },
          {
            title: t('完成', 'Done'),
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
                title={t(`重新生成 ${r.workerName} 的计划？`, `Make ${r.workerName}'s plan again?`)}
                description={t('已走访的户保留，其余按当前规则重排。', 'Visited households stay; the rest are chosen again by the current rules.')}
                onConfirm={() => regenerate(r)}
              >
                <Button size="small" icon={<ReloadOutlined />} loading={busy === r.workerId} data-testid="visits-plan-regenerate">
                  {t('重新生成', 'Regenerate')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Card>
  );
}
