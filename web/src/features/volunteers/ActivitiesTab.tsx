import { useState } from 'react';
import { App, Button, DatePicker, Drawer, Form, Input, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { errorText } from '../../app/api';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { Activity, ActivityDetail } from '../../app/contract';
import { RegionPicker } from '../regions/RegionPicker';
import { useActivities, useActivity, useCreateActivity, useSignup, useTeams } from './api';
import { HelperSelect } from './HelperSelect';

function ActivityModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ title: string; place: string; regionCode: string; teamId?: string; time: [Dayjs, Dayjs]; slots: number }>();
  const create = useCreateActivity();
  const teams = useTeams();
  const submit = async () => {
    const { time, ...v } = await form.validateFields();
    try {
      await create.mutateAsync({ ...v, startsAt: time[0].toISOString(), endsAt: time[1].toISOString() });
      form.resetFields();
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open={open} title={t('volunteers:new-activity')} onOk={submit} onCancel={onClose} confirmLoading={create.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ slots: 10 }}>
        <Form.Item name="title" label={t('volunteers:activity')} rules={[{ required: true, whitespace: true, message: t('volunteers:name-the-activity') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="place" label={t('volunteers:place')} rules={[{ required: true, whitespace: true, message: t('volunteers:give-the-place') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('volunteers:area')} rules={[{ required: true, message: t('volunteers:choose-the-area') }]}>
          <RegionPicker />
        </Form.Item>
        <Form.Item name="teamId" label={t('volunteers:team')}>
          <Select allowClear options={(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))} />
        </Form.Item>
        <Form.Item name="time" label={t('volunteers:time')} rules={[{ required: true, message: t('volunteers:choose-the-time') }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="slots" label={t('volunteers:places-2')}>
          <InputNumber min={1} max={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ActivityDrawer({ id, canWrite, onClose }: { id: string | null; canWrite: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const a = useActivity(id);
  const run = useSignup();
  const [helperId, setHelperId] = useState<string>();
  const [minutes, setMinutes] = useState<Record<string, number>>({});
  const go = (p: Parameters<typeof run.mutateAsync>[0]) => run.mutateAsync(p).catch((e: unknown) => message.error(errorText(e)));
  const d = a.data;
  return (
    <Drawer open={!!id} onClose={onClose} width={640} title={d?.title ?? t('volunteers:activity-2')}>
      {d && (
        <>
          <Typography.Paragraph>
            {d.place} · {formatTime(d.startsAt)} – {formatTime(d.endsAt)} · {t('volunteers:places')} {d.signedUp}/{d.slots}
          </Typography.Paragraph>
          {canWrite && (
            <Space.Compact style={{ width: '100%', marginBottom: 16 }}>
              <div style={{ flex: 1 }}>
                <HelperSelect value={helperId} onChange={setHelperId} />
              </div>
              <Button type="primary" disabled={!helperId} onClick={() => helperId && go({ id: d.id, helperId, step: 'signup' }).then(() => setHelperId(undefined))}>
                {t('volunteers:sign-up')}
              </Button>
            </Space.Compact>
          )}
          <Table<ActivityDetail['signups'][number]>
            rowKey="helperId"
            size="small"
            pagination={false}
            dataSource={d.signups}
            columns={[
              { title: t('volunteers:name'), dataIndex: 'name' },
              { title: t('volunteers:signed-in'), dataIndex: 'signedInAt', render: (v: string | null, s) => (v ? formatTime(v) : canWrite ? <Button size="small" onClick={() => go({ id: d.id, helperId: s.helperId, step: 'sign-in' })}>{t('volunteers:sign-in')}</Button> : '—') },
              {
                title: t('volunteers:minutes-served'),
                dataIndex: 'minutes',
                render: (v: number | null, s) =>
                  v !== null ? (
                    v
                  ) : canWrite && s.signedInAt ? (
                    <Space.Compact>
                      <InputNumber size="small" min={1} value={minutes[s.helperId]} onChange={(m) => setMinutes({ ...minutes, [s.helperId]: m ?? 0 })} style={{ width: 80 }} />
                      <Button size="small" disabled={!minutes[s.helperId]} onClick={() => go({ id: d.id, helperId: s.helperId, step: 'hours', minutes: minutes[s.helperId] })}>
                        {t('volunteers:record')}
                      </Button>
                    </Space.Compact>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}

export function ActivitiesTab({ canWrite }: { canWrite: boolean }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const list = useActivities(page, 20);
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  return (
    <>
      {canWrite && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} style={{ marginBottom: 12 }}>
          {t('volunteers:new-activity')}
        </Button>
      )}
      <Table<Activity>
        rowKey="id"
        size="middle"
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        locale={{ emptyText: t('volunteers:no-activity-yet') }}
        columns={[
          { title: t('volunteers:activity'), dataIndex: 'title' },
          { title: t('volunteers:team'), dataIndex: 'teamName', render: (v: string | null) => v ?? '—' },
          { title: t('volunteers:place'), dataIndex: 'place' },
          { title: t('volunteers:starts'), dataIndex: 'startsAt', width: 150, render: formatTime },
          { title: t('volunteers:signed-up-places'), key: 'slots', width: 110, render: (_: unknown, a) => `${a.signedUp}/${a.slots}` },
          { title: t('volunteers:signed-in'), dataIndex: 'signedIn', width: 70 },
          { title: t('volunteers:hours'), dataIndex: 'minutes', width: 90, render: (m: number) => (m / 60).toFixed(1) },
        ]}
      />
      <ActivityDrawer id={openId} canWrite={canWrite} onClose={() => setOpenId(null)} />
      {canWrite && <ActivityModal open={creating} onClose={() => setCreating(false)} />}
    </>
  );
}
