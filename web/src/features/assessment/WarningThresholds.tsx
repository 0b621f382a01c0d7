import { useEffect, useState } from 'react';
import { App, Button, Card, Flex, Form, InputNumber, Tag, Typography } from 'antd';
import { ApiError, errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { LoadError } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { RegionPicker } from '../regions/RegionPicker';
import { useSaveWarningThresholds, useWarningThresholds } from './api';

type Key = 'community' | 'grid';
const KEYS: Key[] = ['community', 'grid'];

/**
 * 预警起报数: the fewest new appeals of a category in a week before a community's, or a grid's, count may be a
 * rise (per county, beside the seasonal rules). Everyone who reads warnings sees them; the administrator edits.
 */
export function WarningThresholds() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const admin = hasAnyRole(user, ['admin']);
  const [county, setCounty] = useState<string | undefined>(user.regionCode.length >= 6 ? user.regionCode.slice(0, 6) : undefined);
  const current = useWarningThresholds(county?.length === 6 ? county : undefined);
  const save = useSaveWarningThresholds();
  const [form] = Form.useForm<Record<Key, number>>();
  useEffect(() => {
    if (current.data) form.setFieldsValue({ community: current.data.community, grid: current.data.grid });
  }, [current.data, form]);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync({ regionCode: county, ...v });
      message.success(t('assessment:the-minimum-counts-are-saved'));
    } catch (e) {
      const field = e instanceof ApiError ? e.field?.replace(/^body[./]/, '').replace(/^\//, '') : undefined;
      if (field && (KEYS as string[]).includes(field)) form.setFields([{ name: field as Key, errors: [errorText(e)] }]);
      else message.error(errorText(e));
    }
  };
  const label: Record<Key, string> = { community: t('assessment:a-community-a-week'), grid: t('assessment:a-grid-a-week') };
  return (
    <Card size="small" title={t('assessment:minimum-counts-for-a-rise-per-county')} style={{ marginBottom: 16 }} data-testid="warning-thresholds">
      <Typography.Paragraph type="secondary">
        {t('assessment:new-appeals-of-one-category-in-a-week-must-reach')}
      </Typography.Paragraph>
      <Flex gap={12} align="center" wrap>
        {user.regionCode.length < 6 && (
          <RegionPicker value={county} onChange={setCounty} placeholder={t('assessment:choose-a-county-2')} style={{ width: 240 }} />
        )}
        {county && county.length !== 6 && <Typography.Text type="warning">{t('assessment:choose-a-county')}</Typography.Text>}
        {current.error && <LoadError error={current.error} />}
        {current.data && (
          <Form form={form} layout="inline" disabled={!admin}>
            {KEYS.map((k) => (
              <Form.Item key={k} name={k} label={label[k]} rules={[{ required: true }]}>
                <InputNumber min={2} max={100} precision={0} style={{ width: 80 }} data-testid={`threshold-${k}`} />
              </Form.Item>
            ))}
            <Tag color={current.data.source === 'stored' ? 'blue' : 'default'}>{current.data.source === 'stored' ? t('assessment:county-setting-2') : t('assessment:default-2')}</Tag>
            {admin && (
              <Button type="primary" onClick={() => void submit()} loading={save.isPending} data-testid="thresholds-save">
                {t('common:save')}
              </Button>
            )}
          </Form>
        )}
      </Flex>
    </Card>
  );
}
