import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, Flex, Form, Input, InputNumber, Row, Select, Skeleton, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { LoadError } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { RegionPicker } from '../regions/RegionPicker';
import { useSaveVisitSettings, useVisitSettings } from './api';
import { useHouseholdNames } from './householdNames';
import type { VisitSettings } from '../../app/contract';

type FormValues = Omit<VisitSettings, 'regionCode'>;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
/** Column titles of the window rows, with the widths of their inputs. */
/** The visiting windows' column titles and widths, in the order of the fields. */
const windowColumns = (t: (key: string, values?: Record<string, unknown>) => string): [string, number][] => [
  [t('visits:code'), 120],
  [t('visits:name'), 140],
  [t('visits:english-name'), 140],
  [t('visits:start'), 110],
  [t('visits:end'), 110],
];

/** 走访设置 (admin): the daily quota, cadres' coverage period, the distance flag and the 错时 windows, per region. */
export function SettingsTab() {
  const { t } = useI18n();
  const [regionCode, setRegionCode] = useState('');
  const settings = useVisitSettings(regionCode);
  return (
    <Card size="small">
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        <span>{t('visits:applies-to')}</span>
        <RegionPicker value={regionCode} onChange={(c) => setRegionCode(c ?? '')} allowWhole allowClear={false} style={{ width: 280 }} />
        <Typography.Text type="secondary">
          {t('visits:the-installation-default-applies-everywhere-a')}
        </Typography.Text>
      </Flex>
      {settings.isError ? (
        <LoadError error={settings.error} onRetry={() => void settings.refetch()} />
      ) : !settings.data ? (
        <Skeleton active />
      ) : (
        <SettingsForm key={`${regionCode}:${settings.data.regionCode}`} regionCode={regionCode} settings={settings.data} />
      )}
    </Card>
  );
}

function SettingsForm({ regionCode, settings }: { regionCode: string; settings: VisitSettings }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const save = useSaveVisitSettings();
  const names = useHouseholdNames();
  const windows = Form.useWatch('windows', form) ?? settings.windows;
  const inherited = settings.regionCode !== regionCode;
  useEffect(() => form.resetFields(), [form, settings]);

  const onFinish = async (values: FormValues) => {
    const codes = new Set(values.windows.map((w) => w.code));
    // A household type left pointing at a removed window would be planned into nothing.
    const typeWindows = Object.fromEntries(Object.entries(values.typeWindows ?? {}).filter(([, w]) => w && codes.has(w)));
    try {
      await save.mutateAsync({ ...values, typeWindows, regionCode });
      message.success(t('visits:saved-tomorrows-plans-follow-the-new-settings'));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <Form<FormValues> form={form} layout="vertical" initialValues={settings} onFinish={onFinish} data-testid="visits-settings-form" style={{ maxWidth: 1100 }}>
      {inherited && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            settings.regionCode === ''
              ? t('visits:this-area-uses-the-installation-default-saving')
              : t('visits:this-area-uses-the-settings-of-regioncode-saving', { regionCode: settings.regionCode })
          }
        />
      )}
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="dailyQuota" label={t('visits:daily-visits-per-grid-worker')} rules={[{ required: true }]} extra={t('visits:jian-asks-for-at-least-10-a-working-day')}>
            <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} data-testid="visits-settings-quota" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="cadreCoverageDays" label={t('visits:cadre-coverage-period-days')} rules={[{ required: true }]} extra={t('visits:cadres-cover-every-household-each-half-year')}>
            <InputNumber min={1} max={366} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="farMeters" label={t('visits:far-from-household-distance-m')} rules={[{ required: true }]} extra={t('visits:a-check-in-farther-than-this-is-flagged')}>
            <InputNumber min={10} max={10000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Title level={5}>{t('visits:visiting-windows')}</Typography.Title>
      <Form.List
        name="windows"
        rules={[
          {
            validator: async (_, ws: FormValues['windows']) => {
              if (!ws?.length) throw new Error(t('visits:keep-at-least-one-window'));
              const codes = ws.map((w) => w?.code).filter(Boolean);
              if (new Set(codes).size !== codes.length) throw new Error(t('visits:window-codes-must-be-unique'));
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.length > 0 && (
              <Space style={{ display: 'flex', marginBottom: 4 }}>
                {windowColumns(t).map(([title, width]) => (
                  <Typography.Text key={title} type="secondary" style={{ display: 'inline-block', width, fontSize: 12 }}>
                    {title}
                  </Typography.Text>
                ))}
              </Space>
            )}
            {fields.map((f) => (
              <Space key={f.key} align="start" wrap style={{ display: 'flex' }}>
                <Form.Item style={{ marginBottom: 12 }} name={[f.name, 'code']} rules={[{ required: true, pattern: /^[a-z_]{1,16}$/, message: t('visits:lower-case-letters-or-e-g-morning') }]}>
                  <Input placeholder="morning" style={{ width: 120 }} />
                </Form.Item>
                <Form.Item style={{ marginBottom: 12 }} name={[f.name, 'name']} rules={[{ required: true, max: 16, message: t('visits:name-it-16-characters-at-most') }]}>
                  <Input placeholder="晨访" style={{ width: 140 }} />
                </Form.Item>
                <Form.Item style={{ marginBottom: 12 }} name={[f.name, 'nameEn']} rules={[{ required: true, max: 32, message: t('visits:name-it-in-english-32-characters-at-most') }]}>
                  <Input placeholder="Morning" style={{ width: 140 }} />
                </Form.Item>
                <Form.Item style={{ marginBottom: 12 }} name={[f.name, 'start']} rules={[{ required: true, pattern: HHMM, message: 'HH:MM' }]}>
                  <Input placeholder="07:00" style={{ width: 110 }} />
                </Form.Item>
                <Form.Item
                  style={{ marginBottom: 12 }}
                  name={[f.name, 'end']}
                  dependencies={[['windows', f.name, 'start']]}
                  rules={[
                    { required: true, pattern: HHMM, message: 'HH:MM' },
                    ({ getFieldValue }) => ({
                      validator: async (_, end: string) => {
                        const start = getFieldValue(['windows', f.name, 'start']) as string | undefined;
                        if (start && end && HHMM.test(start) && HHMM.test(end) && end <= start) throw new Error(t('visits:end-after-start'));
                      },
                    }),
                  ]}
                >
                  <Input placeholder="09:00" style={{ width: 110 }} />
                </Form.Item>
                <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('visits:remove-window')} />
              </Space>
            ))}
            <Form.ErrorList errors={errors} />
            <Button icon={<PlusOutlined />} onClick={() => add({ code: '', name: '', nameEn: '', start: '', end: '' })} style={{ marginBottom: 16 }}>
              {t('visits:add-a-window')}
            </Button>
          </>
        )}
      </Form.List>
      <Typography.Title level={5}>{t('visits:preferred-window-per-household-type')}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('visits:e-g-farming-households-in-the-morning-left')}
      </Typography.Paragraph>
      {names.typesError ? (
        <LoadError error={names.typesError} />
      ) : (
        <Row gutter={16}>
          {names.types.map((ht) => (
            <Col key={ht.code} xs={24} sm={12} md={8} lg={6}>
              <Form.Item name={['typeWindows', ht.code]} label={language === 'en' ? ht.en : ht.zh}>
                <Select
                  allowClear
                  placeholder={t('visits:any')}
                  options={windows.filter((w) => w?.code).map((w) => ({ value: w.code, label: `${language === 'en' ? w.nameEn || w.name : w.name} ${w.start ?? ''}–${w.end ?? ''}` }))}
                />
              </Form.Item>
            </Col>
          ))}
        </Row>
      )}
      <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending} data-testid="visits-settings-save">
        {regionCode === '' ? t('visits:save-the-installation-default') : t('visits:save-for-this-area')}
      </Button>
    </Form>
  );
}
