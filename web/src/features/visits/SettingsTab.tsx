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
const WINDOW_COLUMNS: [string, string, number][] = [
  ['代码', 'Code', 120],
  ['名称', 'Name', 140],
  ['英文名称', 'English name', 140],
  ['开始', 'Start', 110],
  ['结束', 'End', 110],
];

/** 走访设置 (admin): the daily quota, cadres' coverage period, the distance flag and the 错时 windows, per region. */
export function SettingsTab() {
  const { t } = useI18n();
  const [regionCode, setRegionCode] = useState('');
  const settings = useVisitSettings(regionCode);
  return (
    <Card size="small">
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        <span>{t('适用区域', 'Applies to')}</span>
        <RegionPicker value={regionCode} onChange={(c) => setRegionCode(c ?? '')} allowWhole allowClear={false} style={{ width: 280 }} />
        <Typography.Text type="secondary">
          {t('系统默认适用于所有区域；给县区或乡镇单独设置后，该区域及下级按它执行（最具体的设置优先）。', 'The installation default applies everywhere; a setting for a county or township overrides it there and below (the most specific wins).')}
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
      message.success(t('走访设置已保存，明天的计划按新设置生成', "Saved; tomorrow's plans follow the new settings"));
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
              ? t('这个区域目前沿用系统默认设置；保存后为它单独设置。', 'This area uses the installation default; saving gives it its own settings.')
              : t(`这个区域目前沿用上级 ${settings.regionCode} 的设置；保存后为它单独设置。`, `This area uses the settings of ${settings.regionCode}; saving gives it its own.`)
          }
        />
      )}
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="dailyQuota" label={t('网格员每日走访任务（户）', 'Daily visits per grid worker')} rules={[{ required: true }]} extra={t('吉安要求每个工作日不少于 10 户', "Ji'an asks for at least 10 a working day")}>
            <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} data-testid="visits-settings-quota" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="cadreCoverageDays" label={t('干部全覆盖周期（天）', 'Cadre coverage period (days)')} rules={[{ required: true }]} extra={t('乡村干部每半年走遍每一户', 'Cadres cover every household each half-year')}>
            <InputNumber min={1} max={366} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="farMeters" label={t('定位偏离阈值（米）', 'Far-from-household distance (m)')} rules={[{ required: true }]} extra={t('签到点离户超过此距离标记“定位偏离”', 'A check-in farther than this is flagged')}>
            <InputNumber min={10} max={10000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Title level={5}>{t('错时走访窗口', 'Visiting windows (错时听诉)')}</Typography.Title>
      <Form.List
        name="windows"
        rules={[
          {
            validator: async (_, ws: FormValues['windows']) => {
              if (!ws?.length) throw new Error(t('至少保留一个走访窗口', 'Keep at least one window'));
              const codes = ws.map((w) => w?.code).filter(Boolean);
              if (new Set(codes).size !== codes.length) throw new Error(t('窗口代码不能重复', 'Window codes must be unique'));
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.length > 0 && (
              <Space style={{ display: 'flex', marginBottom: 4 }}>
                {WINDOW_COLUMNS.map(([zh, en, width]) => (
                  <Typography.Text key={en} type="secondary" style={{ display: 'inline-block', width, fontSize: 12 }}>
                    {t(zh, en)}
                  </Typography.Text>
                ))}
              </Space>
            )}
            {fields.map((f) => (
              <Space key={f.key} align="start" wrap style={{ display: 'flex' }}>
                <Form.Item style={{ marginBottom: 12 }} name={[f.name, 'code']} rules={[{ required: true, pattern: /^[a-z_]{1,16}$/, message: t('小写字母或下划线，如 morning', 'Lower-case letters or _, e.g. morning') }]}>
                  <Input placeholder="morning" style={{ width: 120 }} />
                </Form.Item>
                <Form.Item style={{ marginBottom: 12 }} name={[f.name, 'name']} rules={[{ required: true, max: 16, message: t('请填写名称（16 字以内）', 'Name it (16 characters at most)') }]}>
                  <Input placeholder="晨访" style={{ width: 140 }} />
                </Form.Item>
                <Form.Item style={{ marginBottom: 12 }} name={[f.name, 'nameEn']} rules={[{ required: true, max: 32, message: t('请填写英文名称（32 字符以内）', 'Name it in English (32 characters at most)') }]}>
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
                        if (start && end && HHMM.test(start) && HHMM.test(end) && end <= start) throw new Error(t('结束须晚于开始', 'End after start'));
                      },
                    }),
                  ]}
                >
                  <Input placeholder="09:00" style={{ width: 110 }} />
                </Form.Item>
                <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('删除窗口', 'Remove window')} />
              </Space>
            ))}
            <Form.ErrorList errors={errors} />
            <Button icon={<PlusOutlined />} onClick={() => add({ code: '', name: '', nameEn: '', start: '', end: '' })} style={{ marginBottom: 16 }}>
              {t('添加窗口', 'Add a window')}
            </Button>
          </>
        )}
      </Form.List>
      <Typography.Title level={5}>{t('各户类型的首选窗口', 'Preferred window per household type')}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('如：农耕户晨访、留守户午访、务工户夜访。未指定的类型在任何窗口都可安排。', 'E.g. farming households in the morning, left-behind at noon, migrant workers in the evening. A type without one can be planned in any window.')}
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
                  placeholder={t('不限', 'Any')}
                  options={windows.filter((w) => w?.code).map((w) => ({ value: w.code, label: `${language === 'en' ? w.nameEn || w.name : w.name} ${w.start ?? ''}–${w.end ?? ''}` }))}
                />
              </Form.Item>
            </Col>
          ))}
        </Row>
      )}
      <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending} data-testid="visits-settings-save">
        {regionCode === '' ? t('保存系统默认设置', 'Save the installation default') : t('保存该区域的设置', 'Save for this area')}
      </Button>
    </Form>
  );
}
