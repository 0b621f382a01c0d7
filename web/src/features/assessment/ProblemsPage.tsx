import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Modal, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { LoadError, PageHeader } from '../../app/components';
import { EChart, type EChartsCoreOption } from '../../app/echarts';
import { useI18n } from '../../app/i18n';
import type { MonthProblemPick, MonthProblems } from '../../app/contract';
import { OrgPicker } from '../appeals/OrgPicker';
import { useCategories } from '../orgs/api';
import { useMonthProblems, usePickProblem, useProblemTrend } from './api';
import { chinaDay } from './RankTable';

type Candidate = MonthProblems['candidates'][number];

/** The assessment month (19th–18th) now: from the 19th on, next month's. */
function currentMonth(): Dayjs {
  const today = dayjs(chinaDay(new Date().toISOString()));
  return today.date() >= 19 ? today.add(1, 'month').startOf('month') : today.startOf('month');
}

/** 每月一题: the month's most frequent and most repeated problems; leaders pick two or three and follow them. */
export default function ProblemsPage() {
  const { t } = useI18n();
  const user = useUser();
  const [month, setMonth] = useState<Dayjs>(() => currentMonth().subtract(1, 'month'));
  const m = month.format('YYYY-MM');
  const problems = useMonthProblems(m);
  const categories = useCategories();
  const names = useMemo(() => new Map((categories.data ?? []).map((c) => [c.code, c.name])), [categories.data]);
  const [picking, setPicking] = useState<Candidate | null>(null);
  const leader = hasAnyRole(user, ['admin', 'leader']);
  const p = problems.data;
  return (
    <>
      <PageHeader title={t('common:problem-of-the-month')} />
      <Card size="small">
        <Flex gap={16} align="center" wrap>
          <Space>
            {t('assessment:assessment-month')}
            <DatePicker picker="month" value={month} allowClear={false} onChange={(d) => d && setMonth(d)} data-testid="problems-month" />
          </Space>
          {p && (
            <Typography.Text type="secondary">
              {chinaDay(p.period.from)} — {chinaDay(p.period.to, -1)} · {t('assessment:picked-2')} {p.picks.length}/{p.max}
            </Typography.Text>
          )}
        </Flex>
      </Card>
      {problems.error ? (
        <LoadError error={problems.error} />
      ) : !p ? (
        <Skeleton active />
      ) : (
        <>
          <Card size="small" style={{ marginTop: 16 }} title={t('assessment:this-months-problems-by-appeals-with-repeats')}>
            <div data-testid="problems-candidates">
              <Table<Candidate>
                rowKey={(r) => `${r.placeCode}:${r.categoryCode}`}
                size="small"
                pagination={false}
                dataSource={p.candidates}
                locale={{ emptyText: t('assessment:no-appeals-in-this-assessment-month') }}
                columns={[
                  { title: '#', dataIndex: 'countRank', width: 50 },
                  { title: t('assessment:place'), dataIndex: 'placeName', width: 200 },
                  { title: t('assessment:category'), dataIndex: 'categoryCode', render: (c: string) => names.get(c) ?? c },
                  { title: t('assessment:appeals'), dataIndex: 'count', width: 90, align: 'right' as const },
                  { title: t('assessment:repeats'), dataIndex: 'repeats', width: 90, align: 'right' as const, render: (v: number, r) => `${v} (#${r.repeatRank})` },
                  {
                    title: '',
                    key: 'pick',
                    width: 110,
                    render: (_: unknown, r) =>
                      r.picked ? (
                        <Tag color="red">{t('assessment:picked-2')}</Tag>
                      ) : (
                        leader &&
                        p.picks.length < p.max && (
                          <Button size="small" onClick={() => setPicking(r)} data-testid={`pick-${r.placeCode}-${r.categoryCode}`}>
                            {t('assessment:pick')}
                          </Button>
                        )
                      ),
                  },
                ]}
              />
            </div>
          </Card>
          <Flex vertical gap={16} style={{ marginTop: 16 }} data-testid="problems-picks">
            {p.picks.map((x) => (
              <PickCard key={x.id} pick={x} categoryName={names.get(x.categoryCode) ?? x.categoryCode} />
            ))}
          </Flex>
        </>
      )}
      {picking && <PickModal month={m} candidate={picking} categoryName={names.get(picking.categoryCode) ?? picking.categoryCode} onClose={() => setPicking(null)} />}
    </>
  );
}

function PickModal({ month, candidate, categoryName, onClose }: { month: string; candidate: Candidate; categoryName: string; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const pick = usePickProblem();
  const [form] = Form.useForm();
  return (
    <Modal
      open
      title={`${t('assessment:pick')}: ${candidate.placeName} · ${categoryName}`}
      onCancel={onClose}
      confirmLoading={pick.isPending}
      okButtonProps={{ 'data-testid': 'pick-ok' } as Record<string, string>}
      onOk={() =>
        void form.validateFields().then((v) =>
          pick.mutate({ month, placeCode: candidate.placeCode, categoryCode: candidate.categoryCode, ...v }, { onSuccess: onClose, onError: (e) => void message.error(errorText(e)) }),
        )
      }
    >
      <Form form={form} layout="vertical" initialValues={{ target: Math.max(0, Math.floor(candidate.count / 2)) }}>
        <Form.Item name="leadOrgId" label={t('assessment:lead-department')} rules={[{ required: true }]}>
          <OrgPicker categoryCode={candidate.categoryCode} testId="pick-org" />
        </Form.Item>
        <Form.Item name="goal" label={t('assessment:goal-2')} rules={[{ required: true, max: 500 }]}>
          <Input.TextArea rows={2} data-testid="pick-goal" />
        </Form.Item>
        <Form.Item name="target" label={t('assessment:target-dispatches-a-month-at-most')} rules={[{ required: true }]}>
          <InputNumber min={0} max={100000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A picked problem: its lead, goal and target, and the dispatches on it month by month with the pick marked. */
function PickCard({ pick, categoryName }: { pick: MonthProblemPick; categoryName: string }) {
  const { t } = useI18n();
  const trend = useProblemTrend(pick.id);
  const option = useMemo<EChartsCoreOption>(() => {
    const months = trend.data?.months ?? [];
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: months.map((x) => x.month) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('assessment:dispatches'),
          type: 'line',
          data: months.map((x) => x.dispatched),
          itemStyle: { color: '#c8161d' },
          markLine: {
            symbol: 'none',
            label: { formatter: t('assessment:picked') },
            data: [{ xAxis: pick.month }, { yAxis: pick.target, label: { formatter: t('assessment:target') }, lineStyle: { type: 'dashed', color: '#52c41a' } }],
          },
        },
      ],
    };
  }, [trend.data, pick.month, pick.target, t]);
  return (
    <Card size="small" title={`${pick.placeName} · ${categoryName}`} extra={<Link to={`/appeals?box=all&regionCode=${pick.placeCode}&categoryCode=${pick.categoryCode}`}>{t('assessment:its-appeals')}</Link>}>
      <Flex gap={32} wrap>
        <Statistic title={t('assessment:lead-department')} value={pick.leadOrgName} valueStyle={{ fontSize: 16 }} />
        <Statistic title={t('assessment:appeals-when-picked')} value={pick.count} />
        <Statistic title={t('assessment:dispatches-a-month-before')} value={trend.data?.beforeAverage ?? '—'} />
        <Statistic title={t('assessment:dispatches-a-month-after')} value={trend.data?.afterAverage ?? '—'} />
      </Flex>
      <Typography.Paragraph style={{ marginTop: 8 }}>
        {t('assessment:goal')}: {pick.goal}
      </Typography.Paragraph>
      {trend.error ? <LoadError error={trend.error} /> : <EChart option={option} style={{ height: 220 }} testId="problem-trend" />}
    </Card>
  );
}
