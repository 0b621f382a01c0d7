import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Progress, Select, Space, Switch, Table, Tabs, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { PageHeader } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useListState } from '../../app/list/useListState';
import type { CreateSeriesBody, MeetingAction, MeetingListItem, MeetingSeries } from '../../app/contract';
import { RegionPicker } from '../regions/RegionPicker';
import { useActions, useCreateMeeting, useCreateSeries, useKinds, useMeetings, useSeries, type ActionFilter, type MeetingFilter } from './api';
import { ActionDrawer } from './ActionDrawer';
import { FiguresTab } from './FiguresTab';

export const MEETING_STATUS_COLORS: Record<string, string> = { scheduled: 'blue', postponed: 'orange', held: 'green', cancelled: 'default' };
export const ACTION_STATUS_COLORS: Record<string, string> = { planned: 'default', in_progress: 'processing', done: 'success', dropped: 'default' };

export function LatenessTag({ lateness }: { lateness: string | null }) {
  const { t } = useI18n();
  if (lateness === 'overdue') return <Tag color="red">{t('meetings:overdue-2')}</Tag>;
  if (lateness === 'late') return <Tag color="orange">{t('meetings:done-late')}</Tag>;
  if (lateness === 'on_time') return <Tag color="green">{t('meetings:on-time')}</Tag>;
  return null;
}

export default function MeetingsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'meetings';
  return (
    <>
      <PageHeader title={t('common:deliberation')} subtitle={t('meetings:meetings-topics-decisions-and-the-actions-that')} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams({ tab: k })}
          items={[
            { key: 'meetings', label: t('meetings:meetings-2'), children: <MeetingsTab /> },
            { key: 'actions', label: t('meetings:actions-board'), children: <ActionsTab /> },
            { key: 'series', label: t('meetings:series-2'), children: <SeriesTab /> },
            { key: 'figures', label: t('meetings:figures'), children: <FiguresTab /> },
          ]}
        />
      </Card>
    </>
  );
}

function MeetingsTab() {
  const { t } = useI18n();
  const user = useUser();
  const canWrite = hasAnyRole(user, ['admin', 'dispatcher', 'community_staff']);
  const [params] = useSearchParams();
  const list = useListState<MeetingFilter>({ seriesId: params.get('seriesId') ?? undefined });
  const { filter, setFilter } = list;
  const meetings = useMeetings(filter, list.page, list.pageSize);
  const [creating, setCreating] = useState(false);
  const statusOptions = [
    { value: 'scheduled', label: t('meetings:scheduled') },
    { value: 'postponed', label: t('meetings:postponed') },
    { value: 'held', label: t('meetings:held') },
    { value: 'cancelled', label: t('meetings:cancelled') },
  ];
  return (
    <>
      <ListPage<MeetingListItem, MeetingFilter>
        listId="meetings"
        rowKey="id"
        data={pageData(meetings)}
        state={list}
        testId="meetings-table"
        totalText={(n) => t('meetings:n-meetings', { n })}
        toolbar={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="meeting-create">
              {t('meetings:new-meeting')}
            </Button>
          )
        }
        filters={
          <>
            <RegionPicker value={filter.regionCode} onChange={(v) => setFilter({ regionCode: v })} placeholder={t('meetings:all-places')} style={{ width: 220 }} />
            <Select allowClear placeholder={t('meetings:any-status')} value={filter.status} onChange={(v) => setFilter({ status: v })} options={statusOptions} style={{ width: 140 }} />
          </>
        }
        empty={(filtered) => ({
          title: filtered ? t('meetings:no-meeting-matches') : t('meetings:no-meetings-yet'),
          hint: filtered ? t('meetings:change-the-filters') : t('meetings:create-a-series-under-series-or-a-single-meeting'),
        })}
        columns={[
          { title: t('meetings:date'), dataIndex: 'date', width: 120, render: (d: string, m) => <Link to={`/meetings/${m.id}`} data-testid={`meeting-link-${m.date}`}>{d} {m.startTime}</Link> },
          { title: t('common:meeting'), dataIndex: 'title', render: (s: string, m) => <Link to={`/meetings/${m.id}`}>{s}</Link> },
          { title: t('meetings:kind'), dataIndex: 'kindName', width: 120 },
          { title: t('meetings:place'), dataIndex: 'placeName', width: 140 },
          { title: t('meetings:status'), dataIndex: 'status', width: 100, render: (s: string, m) => <Tag color={MEETING_STATUS_COLORS[s]}>{m.statusName}</Tag> },
          { title: t('meetings:present'), width: 90, render: (_: unknown, m) => `${m.present}/${m.invited}` },
          { title: t('meetings:moved'), dataIndex: 'movedReason', width: 90, render: (r: string | null, m) => (r ? <Tag color="gold" title={r}>{t('meetings:was-ruledate', { ruleDate: m.ruleDate })}</Tag> : null) },
        ]}
      />
      {creating && <CreateMeetingModal onClose={() => setCreating(false)} />}
    </>
  );
}

function CreateMeetingModal({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const kinds = useKinds();
  const create = useCreateMeeting();
  const [form] = Form.useForm();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await create.mutateAsync({ regionCode: v.regionCode, kindCode: v.kindCode, title: v.title, date: v.date.format('YYYY-MM-DD'), startTime: v.startTime || undefined });
      message.success(t('meetings:meeting-created'));
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open title={t('meetings:new-single-meeting')} onOk={submit} onCancel={onClose} confirmLoading={create.isPending}>
      <Form form={form} layout="vertical">
        <Form.Item name="regionCode" label={t('meetings:place')} rules={[{ required: true }]}>
          <RegionPicker includeGrids />
        </Form.Item>
        <Form.Item name="kindCode" label={t('meetings:kind')} rules={[{ required: true }]}>
          <Select options={(kinds.data ?? []).map((k) => ({ value: k.code, label: k.name }))} />
        </Form.Item>
        <Form.Item name="title" label={t('meetings:title')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="date" label={t('meetings:date')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="startTime" label={t('meetings:start-time-e-g-19-00')} rules={[{ pattern: /^([01]\d|2[0-3]):[0-5]\d$/ }]}>
          <Input placeholder="19:00" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ActionsTab() {
  const { t } = useI18n();
  const list = useListState<ActionFilter>();
  const { filter, setFilter } = list;
  const actions = useActions(filter, list.page, list.pageSize);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <ListPage<MeetingAction, ActionFilter>
        listId="meeting-actions"
        rowKey="id"
        data={pageData(actions)}
        state={list}
        testId="actions-table"
        totalText={(n) => t('meetings:n-actions', { n })}
        filters={
          <>
            <Select
              allowClear
              placeholder={t('meetings:any-status')}
              value={filter.status}
              onChange={(v) => setFilter({ status: v })}
              options={[
                { value: 'planned', label: t('meetings:planned') },
                { value: 'in_progress', label: t('meetings:in-progress') },
                { value: 'done', label: t('meetings:done') },
                { value: 'dropped', label: t('meetings:dropped') },
              ]}
              style={{ width: 140 }}
            />
            <Space>
              <Switch checked={!!filter.overdue} onChange={(v) => setFilter({ overdue: v || undefined })} data-testid="actions-overdue" />
              {t('meetings:overdue-only')}
            </Space>
          </>
        }
        empty={() => ({ title: t('meetings:no-actions'), hint: t('meetings:actions-appear-here-once-a-meeting-records-a') })}
        columns={[
          { title: t('meetings:action'), dataIndex: 'title', render: (s: string, a) => <a onClick={() => setOpen(a.id)} data-testid={`action-${a.id}`}>{s}</a> },
          { title: t('meetings:owner'), dataIndex: 'ownerName', width: 160 },
          { title: t('meetings:deadline'), dataIndex: 'deadline', width: 110 },
          { title: t('meetings:progress'), dataIndex: 'progress', width: 140, render: (p: number) => <Progress percent={p} size="small" /> },
          {
            title: t('meetings:status'),
            dataIndex: 'status',
            width: 170,
            render: (s: string, a) => (
              <Space size={4}>
                <Tag color={ACTION_STATUS_COLORS[s]}>{a.statusName}</Tag>
                <LatenessTag lateness={a.lateness} />
              </Space>
            ),
          },
          { title: t('common:meeting'), dataIndex: 'meetingId', width: 90, render: (id: string) => <Link to={`/meetings/${id}`}>{t('meetings:open-2')}</Link> },
        ]}
      />
      <ActionDrawer id={open} onClose={() => setOpen(null)} />
    </>
  );
}

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

function ruleText(s: MeetingSeries, t: (key: string, values?: Record<string, unknown>) => string) {
  const r = s.rule;
  if (r.freq === 'monthly_day') return t('meetings:monthly-on-day-day', { day: r.day });
  if (r.freq === 'weekly') return r.interval === 1 ? t('meetings:weekly-on-weekday-weekday', { value: WEEKDAYS[r.weekday - 1], weekday: r.weekday }) : t('meetings:every-interval-weeks-on-weekday-weekday', { interval: r.interval, value: WEEKDAYS[r.weekday - 1], weekday: r.weekday });
  return t('meetings:monthly-weekday-weekday-no-nth', { nth: r.nth, value: WEEKDAYS[r.weekday - 1], weekday: r.weekday });
}

function SeriesTab() {
  const { t } = useI18n();
  const user = useUser();
  const canWrite = hasAnyRole(user, ['admin', 'dispatcher', 'community_staff']);
  const series = useSeries();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="series-create">
            {t('meetings:new-series')}
          </Button>
        )}
      </Space>
      <Table<MeetingSeries>
        rowKey="id"
        size="middle"
        loading={series.isFetching}
        dataSource={series.data ?? []}
        data-testid="series-table"
        pagination={false}
        columns={[
          { title: t('meetings:series'), dataIndex: 'title', render: (s: string, row) => <Link to={`/meetings?tab=meetings&seriesId=${row.id}`}>{s}</Link> },
          { title: t('meetings:kind'), dataIndex: 'kindName', width: 130 },
          { title: t('meetings:rule'), width: 200, render: (_: unknown, s) => ruleText(s, t) },
          { title: t('meetings:time'), dataIndex: 'startTime', width: 80 },
          { title: t('meetings:from'), dataIndex: 'startDate', width: 110 },
          { title: t('meetings:moves-off-days'), dataIndex: 'moveOffDays', width: 110, render: (b: boolean) => (b ? t('meetings:yes') : t('meetings:no')) },
          { title: t('meetings:parties'), dataIndex: 'participants', render: (ps: MeetingSeries['participants']) => ps.map((p) => p.label).join('、') },
        ]}
      />
      {creating && <CreateSeriesModal onClose={() => setCreating(false)} />}
    </>
  );
}

function CreateSeriesModal({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const kinds = useKinds();
  const create = useCreateSeries();
  const [form] = Form.useForm();
  const freq = Form.useWatch('freq', form) ?? 'monthly_day';
  const submit = async () => {
    const v = await form.validateFields();
    const rule: CreateSeriesBody['rule'] =
      v.freq === 'monthly_day' ? { freq: 'monthly_day', day: v.day } : v.freq === 'weekly' ? { freq: 'weekly', interval: v.interval, weekday: v.weekday } : { freq: 'monthly_nth_weekday', nth: v.nth, weekday: v.weekday };
    try {
      await create.mutateAsync({ regionCode: v.regionCode, kindCode: v.kindCode, title: v.title, rule, startDate: v.startDate.format('YYYY-MM-DD'), startTime: v.startTime || undefined, moveOffDays: v.moveOffDays });
      message.success(t('meetings:series-created-its-meetings-are-being-scheduled'));
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const weekdays = [t('meetings:mon'), t('meetings:tue'), t('meetings:wed'), t('meetings:thu'), t('meetings:fri'), t('meetings:sat'), t('meetings:sun')].map((label, i) => ({ value: i + 1, label }));
  return (
    <Modal open title={t('meetings:new-series')} onOk={submit} onCancel={onClose} confirmLoading={create.isPending} okButtonProps={{ 'data-testid': 'series-submit' } as ButtonProps}>
      <Form form={form} layout="vertical" initialValues={{ freq: 'monthly_day', day: 10, interval: 2, nth: 1, weekday: 1, moveOffDays: true, startDate: dayjs(), startTime: '19:00' }}>
        <Form.Item name="regionCode" label={t('meetings:place')} rules={[{ required: true }]}>
          <RegionPicker includeGrids />
        </Form.Item>
        <Form.Item name="kindCode" label={t('meetings:kind')} rules={[{ required: true }]}>
          <Select data-testid="series-kind" options={(kinds.data ?? []).map((k) => ({ value: k.code, label: `${k.name}（${t('meetings:quorum-2')} ${k.quorum}）` }))} />
        </Form.Item>
        <Form.Item name="title" label={t('meetings:title')} rules={[{ required: true, max: 200 }]}>
          <Input data-testid="series-title" />
        </Form.Item>
        <Form.Item name="freq" label={t('meetings:repeats')}>
          <Select
            options={[
              { value: 'monthly_day', label: t('meetings:monthly-on-a-day') },
              { value: 'weekly', label: t('meetings:every-few-weeks') },
              { value: 'monthly_nth_weekday', label: t('meetings:monthly-on-the-nth-weekday') },
            ]}
          />
        </Form.Item>
        {freq === 'monthly_day' && (
          <Form.Item name="day" label={t('meetings:day-1-28')}>
            <InputNumber min={1} max={28} />
          </Form.Item>
        )}
        {freq === 'weekly' && (
          <Form.Item name="interval" label={t('meetings:interval-weeks')}>
            <InputNumber min={1} max={8} />
          </Form.Item>
        )}
        {freq === 'monthly_nth_weekday' && (
          <Form.Item name="nth" label={t('meetings:which')}>
            <InputNumber min={1} max={4} />
          </Form.Item>
        )}
        {freq !== 'monthly_day' && (
          <Form.Item name="weekday" label={t('meetings:weekday')}>
            <Select options={weekdays} />
          </Form.Item>
        )}
        <Form.Item name="startDate" label={t('meetings:starts')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="startTime" label={t('meetings:start-time')} rules={[{ pattern: /^([01]\d|2[0-3]):[0-5]\d$/ }]}>
          <Input />
        </Form.Item>
        <Form.Item name="moveOffDays" label={t('meetings:move-to-the-next-working-day-on-a-holiday-or-day')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
