import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import { App, Button, Col, Form, Input, InputNumber, Modal, Row, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import type { CreateMediationCaseBody } from '../../app/contract';
import { useBodies, useCreateCase, useMediators } from './api';
import { KIND, RISK, SOURCE } from './labels';
import { PersonPicker } from './PersonPicker';

type Party = CreateMediationCaseBody['parties'][number];
interface Values extends Omit<CreateMediationCaseBody, 'amountFen'> {
  amountYuan?: number;
}

/** The visit a case is opened from (转人民调解 on a visit): its id, its grid, what was found. */
export interface FromVisit {
  visitId: string;
  gridCode: string;
  summary?: string;
}

/**
 * A case as it comes in: an application, a court's referral, an appeal or a visit's finding. Opened from
 * a visit, the form starts prefilled: the source, the visit, what was found, the body of the visit's
 * place (the nearest one whose area holds its grid) and an applicant from the household files to pick.
 */
export function NewCaseModal({ onClose, from }: { onClose: () => void; from?: FromVisit }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const bodies = useBodies();
  const bodyId = Form.useWatch('bodyId', form);
  const source = Form.useWatch('source', form);
  const mediators = useMediators(bodyId);
  const create = useCreateCase();
  useEffect(() => {
    if (!from || form.getFieldValue('bodyId') || !bodies.data) return;
    const near = bodies.data.filter((b) => from.gridCode.startsWith(b.regionCode)).sort((a, b) => b.regionCode.length - a.regionCode.length)[0];
    if (near) form.setFieldValue('bodyId', near.id);
  }, [from, bodies.data, form]);
  const submit = async (v: Values) => {
    const { amountYuan, ...rest } = v;
    try {
      const c = await create.mutateAsync({ ...rest, amountFen: Math.round((amountYuan ?? 0) * 100), parties: rest.parties.map((p) => Object.fromEntries(Object.entries(p).filter(([, x]) => x !== undefined && x !== '')) as Party) });
      message.success(t('mediation:case-number-opened', { number: c.number }));
      onClose();
      navigate(`/mediation/${c.id}`);
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open width={860} title={t('mediation:new-mediation-case')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending} okButtonProps={{ 'data-testid': 'mediation-new-submit' } as Record<string, string>}>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={
          from
            ? { source: 'visit', sourceRef: from.visitId, summary: from.summary, kind: 'neighbours', risk: 'low', parties: [{ side: 'applicant', kind: 'person' }, { side: 'respondent', kind: 'outsider' }] }
            : { source: 'application', kind: 'neighbours', risk: 'low', parties: [{ side: 'applicant', kind: 'outsider' }, { side: 'respondent', kind: 'outsider' }] }
        }
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="bodyId" label={t('mediation:mediation-body')} rules={[{ required: true }]}>
              <Select data-testid="mediation-new-body" loading={bodies.isPending} options={(bodies.data ?? []).map((b) => ({ value: b.id, label: b.name }))} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="source" label={t('mediation:source')} rules={[{ required: true }]}>
              <Select options={Object.keys(SOURCE).map((k) => ({ value: k, label: tl(SOURCE[k]) }))} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="kind" label={t('mediation:kind-of-dispute')} rules={[{ required: true }]}>
              <Select options={Object.keys(KIND).map((k) => ({ value: k, label: tl(KIND[k]) }))} />
            </Form.Item>
          </Col>
        </Row>
        {(source === 'appeal' || source === 'visit') && (
          <Form.Item name="sourceRef" label={source === 'appeal' ? t('mediation:appeal-id') : t('mediation:visit-id')} rules={[{ required: true }]}>
            <Input data-testid="mediation-new-source-ref" />
          </Form.Item>
        )}
        <Form.Item name="title" label={t('mediation:title')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="mediation-new-title" />
        </Form.Item>
        <Form.Item name="summary" label={t('mediation:summary')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} data-testid="mediation-new-summary" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="amountYuan" label={t('mediation:amount-at-stake-yuan')}>
              <InputNumber min={0} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="risk" label={t('mediation:escalation-risk')}>
              <Select options={Object.keys(RISK).map((k) => ({ value: k, label: tl(RISK[k]) }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="mediatorId" label={t('mediation:mediator')}>
              <Select allowClear options={(mediators.data ?? []).map((m) => ({ value: m.id, label: `${m.name}（${t('mediation:open')} ${m.openCases}）` }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.List name="parties">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline" wrap style={{ display: 'flex', marginBottom: 4 }}>
                  <Form.Item name={[f.name, 'side']} rules={[{ required: true, message: t('mediation:choose-applicant-or-respondent') }]}>
                    <Select style={{ width: 110 }} options={[{ value: 'applicant', label: t('mediation:applicant') }, { value: 'respondent', label: t('mediation:respondent') }]} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'kind']} rules={[{ required: true, message: t('mediation:choose-what-kind-of-party') }]}>
                    <Select style={{ width: 130 }} options={[{ value: 'outsider', label: t('mediation:a-person') }, { value: 'person', label: t('mediation:from-the-files') }, { value: 'enterprise', label: t('mediation:enterprise') }]} />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() => {
                      const kind = form.getFieldValue(['parties', f.name, 'kind']) as Party['kind'];
                      if (kind === 'person') return <Form.Item name={[f.name, 'personId']} rules={[{ required: true, message: t('mediation:pick-the-party-from-the-household-files') }]}><PersonPicker bodyId={bodyId} testId={`mediation-party-person-${i}`} /></Form.Item>;
                      if (kind === 'enterprise')
                        return (
                          <>
                            <Form.Item name={[f.name, 'enterpriseName']} rules={[{ required: true, message: t('mediation:enter-the-enterprises-name') }]}><Input placeholder={t('mediation:enterprise-name')} style={{ width: 220 }} /></Form.Item>
                            <Form.Item name={[f.name, 'creditCode']}><Input placeholder={t('mediation:credit-code')} style={{ width: 190 }} /></Form.Item>
                            <Form.Item name={[f.name, 'representative']}><Input placeholder={t('mediation:representative')} style={{ width: 100 }} /></Form.Item>
                          </>
                        );
                      return (
                        <>
                          <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: t('mediation:enter-the-partys-name') }]}><Input placeholder={t('mediation:name-2')} style={{ width: 120 }} data-testid={`mediation-party-name-${i}`} /></Form.Item>
                          <Form.Item name={[f.name, 'phone']} rules={[{ required: true, message: t('mediation:enter-the-partys-phone') }]}><Input placeholder={t('mediation:phone')} style={{ width: 150 }} data-testid={`mediation-party-phone-${i}`} /></Form.Item>
                        </>
                      );
                    }}
                  </Form.Item>
                  {fields.length > 2 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ side: 'respondent', kind: 'outsider' })}>
                {t('mediation:add-a-party')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
