import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useListState } from '../../app/list/useListState';
import type { Fund } from '../../app/contract';
import { RegionPicker } from '../regions/RegionPicker';
import { toFen, useAllocate, useCreateFund, useFunds, useIncome, yuan } from './api';
import { CATEGORY_LABELS, FUND_KIND_LABELS, INCOME_SOURCE_LABELS } from './labels';
import { LedgerDrawer } from './LedgerDrawer';

type Dialog = { kind: 'create' } | { kind: 'allocate'; fund: Fund } | { kind: 'income'; fund: Fund } | null;

export function FundsTab() {
  const { t, tl } = useI18n();
  const user = useUser();
  const canWrite = hasAnyRole(user, ['admin', 'dispatcher', 'community_staff']);
  const list = useListState<{ kind?: 'whistle' | 'public_income' }>();
  const funds = useFunds(list.page, list.pageSize, list.filter);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [ledger, setLedger] = useState<Fund | null>(null);

  return (
    <Card>
      <ListPage<Fund, { kind?: 'whistle' | 'public_income' }>
        listId="funds"
        rowKey="id"
        data={pageData(funds)}
        state={list}
        testId="funds-table"
        scroll={{ x: 1100 }}
        totalText={(n) => t('funds:n-funds-and-accounts', { n })}
        filters={
          <Select
            allowClear
            placeholder={t('funds:all-kinds')}
            value={list.filter.kind}
            onChange={(v) => list.setFilter({ kind: v })}
            options={Object.keys(FUND_KIND_LABELS).map((k) => ({ value: k, label: tl(FUND_KIND_LABELS[k]) }))}
            style={{ width: 180 }}
          />
        }
        toolbar={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })} data-testid="fund-create">
              {t('funds:new-fund-or-account')}
            </Button>
          )
        }
        empty={{ title: t('funds:no-funds-yet'), hint: t('funds:create-a-county-whistle-fund-or-a-community') }}
        columns={[
          {
            title: t('funds:name'),
            key: 'name',
            render: (_, f) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{f.name}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {f.regionName} · {f.year}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('funds:kind'), key: 'kind', render: (_, f) => <Tag color={f.kind === 'whistle' ? 'blue' : 'green'}>{tl(FUND_KIND_LABELS[f.kind])}</Tag> },
          { title: t('funds:budget-income-yuan'), key: 'in', align: 'right', render: (_, f) => yuan(f.balance.inFen) },
          { title: t('funds:allocated-yuan'), key: 'alloc', align: 'right', render: (_, f) => yuan(f.allocatedFen) },
          { title: t('funds:balance-yuan'), key: 'bal', align: 'right', render: (_, f) => <span data-testid={`fund-balance-${f.id}`}>{yuan(f.balance.totalFen)}</span> },
          { title: t('funds:reserved-yuan'), key: 'reserved', align: 'right', render: (_, f) => yuan(f.reservedFen) },
          { title: t('funds:available-yuan'), key: 'available', align: 'right', render: (_, f) => <span data-testid={`fund-available-${f.id}`}>{yuan(f.availableFen)}</span> },
          {
            title: t('funds:split-rule'),
            key: 'split',
            render: (_, f) =>
              f.splitRule
                ? f.splitRule.buckets.map((b) => (
                    <Tag key={b.key}>
                      {b.name} {b.bp / 100}% · {yuan(f.balance.buckets[b.key]?.balanceFen ?? 0)}
                    </Tag>
                  ))
                : f.eligibleCategories.map((c) => <Tag key={c}>{tl(CATEGORY_LABELS[c])}</Tag>),
          },
          {
            title: t('funds:actions'),
            key: 'actions',
            render: (_, f) => (
              <Space wrap>
                <Button size="small" onClick={() => setLedger(f)} data-testid={`fund-ledger-${f.id}`}>
                  {t('funds:ledger')}
                </Button>
                {canWrite && f.kind === 'whistle' && (
                  <Button size="small" onClick={() => setDialog({ kind: 'allocate', fund: f })}>
                    {t('funds:allocate')}
                  </Button>
                )}
                {canWrite && f.kind === 'public_income' && (
                  <Button size="small" onClick={() => setDialog({ kind: 'income', fund: f })}>
                    {t('funds:record-income')}
                  </Button>
                )}
                <a href={`/accounts/fund/${f.id}`} target="_blank" rel="noreferrer">
                  {t('funds:public-page')}
                </a>
              </Space>
            ),
          },
        ]}
      />
      {dialog?.kind === 'create' && <CreateFundModal onClose={() => setDialog(null)} />}
      {dialog?.kind === 'allocate' && <AllocateModal fund={dialog.fund} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'income' && <IncomeModal fund={dialog.fund} onClose={() => setDialog(null)} />}
      {ledger && <LedgerDrawer fund={ledger} onClose={() => setLedger(null)} />}
    </Card>
  );
}

function CreateFundModal({ onClose }: { onClose: () => void }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const create = useCreateFund();
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form) as string | undefined;
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await create.mutateAsync({
        regionCode: v.regionCode,
        kind: v.kind,
        name: v.name,
        year: v.year,
        ...(v.kind === 'whistle'
          ? { budgetFen: v.budget ? toFen(v.budget) : undefined, eligibleCategories: v.eligibleCategories, forbiddenUses: v.forbiddenUses }
          : {
              splitRule: {
                buckets: [
                  { key: 'repair', name: t('funds:repair-fund-2'), bp: Math.round(v.repair * 100) },
                  { key: 'facilities', name: t('funds:public-facilities'), bp: Math.round(v.facilities * 100) },
                  { key: 'dividend', name: t('funds:owners-dividend'), bp: Math.round(v.dividend * 100) },
                ],
                remainder: 'repair',
              },
            }),
      });
      message.success(t('funds:created'));
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open title={t('funds:new-fund-or-account')} onOk={submit} onCancel={onClose} confirmLoading={create.isPending} okButtonProps={{ 'data-testid': 'fund-form-submit' } as Record<string, string>}>
      <Form form={form} layout="vertical" initialValues={{ kind: 'whistle', year: new Date().getFullYear(), repair: 40, facilities: 30, dividend: 30 }}>
        <Form.Item name="kind" label={t('funds:kind')} rules={[{ required: true }]}>
          <Select options={Object.keys(FUND_KIND_LABELS).map((k) => ({ value: k, label: tl(FUND_KIND_LABELS[k]) }))} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('funds:owner-county-township-or-community')} rules={[{ required: true }]}>
          <RegionPicker />
        </Form.Item>
        <Form.Item name="name" label={t('funds:name')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="fund-form-name" />
        </Form.Item>
        <Form.Item name="year" label={t('funds:year')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        {kind === 'whistle' ? (
          <>
            <Form.Item name="budget" label={t('funds:yearly-budget-yuan')}>
              <InputNumber min={0.01} precision={2} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="eligibleCategories" label={t('funds:eligible-uses')}>
              <Select mode="multiple" options={Object.keys(CATEGORY_LABELS).map((c) => ({ value: c, label: tl(CATEGORY_LABELS[c]) }))} />
            </Form.Item>
            <Form.Item name="forbiddenUses" label={t('funds:forbidden-uses')}>
              <Select mode="tags" tokenSeparators={[',', '，', '、']} />
            </Form.Item>
          </>
        ) : (
          <Space>
            <Form.Item name="repair" label={t('funds:repair-fund')} rules={[{ required: true }]}>
              <InputNumber min={0.01} max={100} precision={2} />
            </Form.Item>
            <Form.Item name="facilities" label={t('funds:facilities')} rules={[{ required: true }]}>
              <InputNumber min={0.01} max={100} precision={2} />
            </Form.Item>
            <Form.Item name="dividend" label={t('funds:dividend')} rules={[{ required: true }]}>
              <InputNumber min={0.01} max={100} precision={2} />
            </Form.Item>
          </Space>
        )}
      </Form>
    </Modal>
  );
}

function AllocateModal({ fund, onClose }: { fund: Fund; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const allocate = useAllocate();
  const [form] = Form.useForm();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await allocate.mutateAsync({ id: fund.id, body: { regionCode: v.regionCode, amountFen: toFen(v.amount), note: v.note || undefined } });
      message.success(t('funds:allocated'));
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open title={t('funds:allocate-name', { name: fund.name })} onOk={submit} onCancel={onClose} confirmLoading={allocate.isPending}>
      <Typography.Paragraph type="secondary">{t('funds:available-yuan-yuan', { yuan: yuan(fund.availableFen) })}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="regionCode" label={t('funds:to-township-or-community')} rules={[{ required: true }]}>
          <RegionPicker />
        </Form.Item>
        <Form.Item name="amount" label={t('funds:amount-yuan')} rules={[{ required: true }]}>
          <InputNumber min={0.01} precision={2} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="note" label={t('funds:note')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function IncomeModal({ fund, onClose }: { fund: Fund; onClose: () => void }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const income = useIncome();
  const [form] = Form.useForm();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await income.mutateAsync({ id: fund.id, body: { amountFen: toFen(v.amount), source: v.source, note: v.note || undefined } });
      message.success(t('funds:recorded-and-split-by-the-rule'));
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open title={t('funds:record-income-name', { name: fund.name })} onOk={submit} onCancel={onClose} confirmLoading={income.isPending}>
      <Typography.Paragraph type="secondary">
        {t('funds:split-automatically')}
        {fund.splitRule?.buckets.map((b) => `${b.name} ${b.bp / 100}%`).join(' · ')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ source: 'parking' }}>
        <Form.Item name="source" label={t('funds:source')} rules={[{ required: true }]}>
          <Select options={Object.keys(INCOME_SOURCE_LABELS).map((k) => ({ value: k, label: tl(INCOME_SOURCE_LABELS[k]) }))} />
        </Form.Item>
        <Form.Item name="amount" label={t('funds:amount-yuan')} rules={[{ required: true }]}>
          <InputNumber min={0.01} precision={2} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="note" label={t('funds:note')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
