import { useState } from 'react';
import { App, Button, Card, Col, DatePicker, Empty, Form, Input, List, Modal, Row, Select, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import type { CreatePairedUnitBody } from '../../app/contract';
import { RegionPicker } from '../regions/RegionPicker';
import { useAddDuty, useCreateTeam, useCreateUnit, useTeams, useUnits } from './api';

function UnitModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Omit<CreatePairedUnitBody, 'pairedSince'> & { since: Dayjs }>();
  const create = useCreateUnit();
  const submit = async () => {
    const { since, ...v } = await form.validateFields();
    try {
      await create.mutateAsync({ ...v, phone: v.phone?.trim() || undefined, pairedSince: since.format('YYYY-MM-DD') });
      form.resetFields();
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open={open} title={t('volunteers:pair-a-unit-with-a-community')} onOk={submit} onCancel={onClose} confirmLoading={create.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: 'organ' }}>
        <Form.Item name="name" label={t('volunteers:unit-2')} rules={[{ required: true, whitespace: true, message: t('volunteers:name-the-unit') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('volunteers:kind-3')}>
          <Select
            options={[
              { value: 'organ', label: t('volunteers:government-organ') },
              { value: 'institution', label: t('volunteers:public-institution') },
              { value: 'enterprise', label: t('volunteers:enterprise') },
              { value: 'social_org', label: t('volunteers:social-organisation') },
            ]}
          />
        </Form.Item>
        <Form.Item name="regionCode" label={t('volunteers:community-3')} rules={[{ required: true, message: t('volunteers:choose-the-community') }]}>
          <RegionPicker />
        </Form.Item>
        <Form.Item name="since" label={t('volunteers:paired-since')} rules={[{ required: true, message: t('volunteers:choose-the-date') }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="contactName" label={t('volunteers:contact')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="phone" label={t('volunteers:phone-stored-encrypted-2')}>
          <Input maxLength={20} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function UnitsTab({ canWrite }: { canWrite: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const units = useUnits();
  const teams = useTeams();
  const addDuty = useAddDuty();
  const createTeam = useCreateTeam();
  const [open, setOpen] = useState(false);
  const [team, setTeam] = useState<{ name: string; regionCode?: string }>({ name: '' });
  return (
    <Row gutter={16}>
      <Col xs={24} lg={15}>
        <Card
          title={t('volunteers:paired-units-and-their-duties')}
          extra={
            canWrite && (
              <Button icon={<PlusOutlined />} onClick={() => setOpen(true)}>
                {t('volunteers:pair-a-unit')}
              </Button>
            )
          }
        >
          {units.data?.items.length ? (
            <List
              dataSource={units.data.items}
              renderItem={(u) => (
                <List.Item>
                  <List.Item.Meta
                    title={
                      <Space>
                        {u.name}
                        <Tag>{u.regionName}</Tag>
                        <Typography.Text type="secondary">
                          {t('volunteers:since')} {u.pairedSince} · {t('volunteers:members-2')} {u.members} · {t('volunteers:deeds-2')} {u.deeds}
                        </Typography.Text>
                      </Space>
                    }
                    description={
                      <Space wrap>
                        {u.duties.map((d) => (
                          <Tag key={d.id} color="blue">
                            {d.title}
                          </Tag>
                        ))}
                        {canWrite && (
                          <Input.Search
                            size="small"
                            placeholder={t('volunteers:add-a-duty')}
                            enterButton={t('volunteers:add-2')}
                            style={{ width: 240 }}
                            onSearch={(v) => v.trim() && addDuty.mutateAsync({ id: u.id, title: v.trim() }).catch((e: unknown) => message.error(errorText(e)))}
                          />
                        )}
                      </Space>
                    }
                  />
                </List.Item>
              )}
            />
          ) : (
            <Empty description={t('volunteers:no-paired-unit-yet-use-pair-a-unit-to-record-a')} />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={9}>
        <Card title={t('volunteers:volunteer-teams')}>
          <List
            dataSource={teams.data?.items ?? []}
            locale={{ emptyText: t('volunteers:no-team-yet') }}
            renderItem={(tm) => (
              <List.Item>
                <List.Item.Meta title={tm.name} description={`${tm.regionName} · ${t('volunteers:members')} ${tm.members} · ${(tm.minutes / 60).toFixed(1)} ${t('volunteers:hours-2')}`} />
              </List.Item>
            )}
          />
          {canWrite && (
            <Space.Compact style={{ width: '100%', marginTop: 12 }}>
              <Input placeholder={t('volunteers:team-name')} value={team.name} onChange={(e) => setTeam({ ...team, name: e.target.value })} />
              <div style={{ width: 180 }}>
                <RegionPicker value={team.regionCode} onChange={(v) => setTeam({ ...team, regionCode: v })} />
              </div>
              <Button
                disabled={!team.name.trim() || !team.regionCode}
                onClick={() =>
                  createTeam
                    .mutateAsync({ name: team.name.trim(), regionCode: team.regionCode! })
                    .then(() => setTeam({ name: '' }))
                    .catch((e: unknown) => message.error(errorText(e)))
                }
              >
                {t('volunteers:create')}
              </Button>
            </Space.Compact>
          )}
        </Card>
      </Col>
      {canWrite && <UnitModal open={open} onClose={() => setOpen(false)} />}
    </Row>
  );
}
