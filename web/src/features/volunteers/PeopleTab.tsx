import { useState } from 'react';
import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useListState } from '../../app/list/useListState';
import { useI18n } from '../../app/i18n';
import type { Helper, HelperKindCode, RegisterHelperBody } from '../../app/contract';
import { RegionPicker } from '../regions/RegionPicker';
import { listHelpers, useHelpers, useRegisterHelper, useTeams, useUnits, type HelperFilter } from './api';
import { ExportButton } from '../../app/ExportButton';
import { XlsxButton } from '../../app/XlsxButton';
import { PERSON_KIND_LABELS } from './labels';

function RegisterModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<RegisterHelperBody & { skillsText?: string }>();
  const register = useRegisterHelper();
  const units = useUnits();
  const teams = useTeams();
  const submit = async () => {
    const { skillsText, ...v } = await form.validateFields();
    try {
      await register.mutateAsync({ ...v, phone: v.phone?.trim() || undefined, workUnit: v.workUnit?.trim() || undefined, skills: (skillsText ?? '').split(/[,，、\s]+/).filter(Boolean) });
      message.success(t('volunteers:registered'));
      form.resetFields();
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open={open} title={t('volunteers:register-with-a-community')} onOk={submit} onCancel={onClose} confirmLoading={register.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: 'party_member', hoursOffered: 4 }}>
        <Form.Item name="kind" label={t('volunteers:kind-2')}>
          <Select options={(Object.keys(PERSON_KIND_LABELS) as HelperKindCode[]).map((k) => ({ value: k, label: tl(PERSON_KIND_LABELS[k]) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('volunteers:name')} rules={[{ required: true, whitespace: true, message: t('volunteers:give-the-name') }]}>
          <Input maxLength={50} data-testid="helper-name" />
        </Form.Item>
        <Form.Item name="regionCode" label={t('volunteers:community-where-they-live')} rules={[{ required: true, message: t('volunteers:choose-the-community') }]}>
          <RegionPicker includeGrids />
        </Form.Item>
        <Form.Item name="phone" label={t('volunteers:phone-stored-encrypted')}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="workUnit" label={t('volunteers:work-unit')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="unitId" label={t('volunteers:paired-unit')}>
          <Select allowClear options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.regionName}）` }))} />
        </Form.Item>
        <Form.Item name="teamId" label={t('volunteers:volunteer-team')}>
          <Select allowClear options={(teams.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Form.Item name="skillsText" label={t('volunteers:skills-separated-by-commas')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="hoursOffered" label={t('volunteers:hours-offered-a-month')}>
          <InputNumber min={0} max={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function PeopleTab({ canWrite }: { canWrite: boolean }) {
  const { t, tl } = useI18n();
  const list = useListState<HelperFilter>();
  const { filter, setFilter } = list;
  const helpers = useHelpers(filter, list.page, list.pageSize);
  const [open, setOpen] = useState(false);
  return (
    <>
      <ListPage<Helper, HelperFilter>
        listId="helpers"
        rowKey="id"
        data={pageData(helpers)}
        state={list}
        testId="helpers-table"
        totalText={(n) => t('volunteers:n-people', { n })}
        toolbar={
          <Space>
            <XlsxButton path="/api/volunteers/export.xlsx" filename="党员志愿者台账.xlsx" testId="volunteers-xlsx" />
            <ExportButton<Helper>
              filename="helpers.csv"
              fetchPage={(p, s) => listHelpers(filter, p, s)}
              columns={[
                { title: t('volunteers:name'), value: (h) => h.name },
                { title: t('volunteers:kind-2'), value: (h) => tl(PERSON_KIND_LABELS[h.kind]) },
                { title: t('volunteers:community-2'), value: (h) => h.regionName },
                { title: t('volunteers:phone'), value: (h) => h.phone ?? '' },
                { title: t('volunteers:unit'), value: (h) => h.unitName ?? h.workUnit ?? '' },
                { title: t('volunteers:team'), value: (h) => h.teamName ?? '' },
                { title: t('volunteers:deeds'), value: (h) => String(h.deeds) },
                { title: t('volunteers:hours-served'), value: (h) => (h.minutes / 60).toFixed(1) },
              ]}
            />
            {canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="helper-register">
                {t('volunteers:register')}
              </Button>
            )}
          </Space>
        }
        filters={
          <Space>
            <Input.Search allowClear placeholder={t('volunteers:name-or-full-phone')} onSearch={(v) => setFilter({ q: v.trim() || undefined })} style={{ width: 220 }} />
            <Select<HelperKindCode>
              allowClear
              placeholder={t('volunteers:any-kind')}
              value={filter.kind}
              onChange={(v) => setFilter({ kind: v })}
              options={(Object.keys(PERSON_KIND_LABELS) as HelperKindCode[]).map((k) => ({ value: k, label: tl(PERSON_KIND_LABELS[k]) }))}
              style={{ width: 140 }}
            />
          </Space>
        }
        empty={(filtered) => ({
          title: filtered ? t('volunteers:nobody-matches') : t('volunteers:nobody-has-registered-yet'),
          hint: filtered ? t('volunteers:change-or-clear-the-filters') : t('volunteers:use-register-for-party-members-volunteers-social'),
        })}
        columns={[
          { title: t('volunteers:name'), dataIndex: 'name', width: 100 },
          { title: t('volunteers:kind-2'), dataIndex: 'kind', width: 100, render: (k: HelperKindCode) => <Tag>{tl(PERSON_KIND_LABELS[k])}</Tag> },
          { title: t('volunteers:community-2'), dataIndex: 'regionName', width: 160 },
          { title: t('volunteers:phone'), dataIndex: 'phone', width: 130, render: (p: string | null) => p ?? '—' },
          { title: t('volunteers:unit'), key: 'unit', render: (_: unknown, h) => h.unitName ?? h.workUnit ?? '—' },
          { title: t('volunteers:team'), dataIndex: 'teamName', render: (v: string | null) => v ?? '—' },
          { title: t('volunteers:skills'), dataIndex: 'skills', render: (s: string[]) => s.join('、') || '—' },
          { title: t('volunteers:deeds'), dataIndex: 'deeds', width: 70 },
          { title: t('volunteers:hours-served'), dataIndex: 'minutes', width: 110, render: (m: number) => (m / 60).toFixed(1) },
        ]}
      />
      {canWrite && <RegisterModal open={open} onClose={() => setOpen(false)} />}
    </>
  );
}
