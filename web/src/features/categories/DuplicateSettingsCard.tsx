import { useEffect, useState } from 'react';
import { App, Button, Card, Flex, Form, InputNumber, Tag, Typography } from 'antd';
import { ApiError, errorText } from '../../app/api';
import { useUser } from '../../app/auth';
import { LoadError } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { RegionPicker } from '../regions/RegionPicker';
import { useDuplicateSettings, useSaveDuplicateSettings } from './api';

type Key = 'metres' | 'openDays' | 'windowDays' | 'minScore' | 'suggestions';
const KEYS: Key[] = ['metres', 'openDays', 'windowDays', 'minScore', 'suggestions'];
const RANGE: Record<Key, { min: number; max: number; step: number; precision: number }> = {
  metres: { min: 10, max: 5000, step: 50, precision: 0 },
  openDays: { min: 1, max: 365, step: 1, precision: 0 },
  windowDays: { min: 0, max: 365, step: 1, precision: 0 },
  minScore: { min: 0.05, max: 1, step: 0.01, precision: 2 },
  suggestions: { min: 1, max: 20, step: 1, precision: 0 },
};

/**
 * 多诉统办: a county's duplicate-suggestion settings — the distance that is the same place, how long open and
 * closed appeals are offered, the minimum score, how many suggestions (the administrator's; audited).
 */
export function DuplicateSettingsCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const [county, setCounty] = useState<string | undefined>(user.regionCode.length >= 6 ? user.regionCode.slice(0, 6) : undefined);
  const current = useDuplicateSettings(county?.length === 6 ? county : undefined);
  const save = useSaveDuplicateSettings();
  const [form] = Form.useForm<Record<Key, number>>();
  useEffect(() => {
    if (current.data) form.setFieldsValue(Object.fromEntries(KEYS.map((k) => [k, current.data[k]])) as Record<Key, number>);
  }, [current.data, form]);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync({ regionCode: county, ...v });
      message.success(t('categories:the-duplicate-suggestion-settings-are-saved'));
    } catch (e) {
      const field = e instanceof ApiError ? e.field?.replace(/^body[./]/, '').replace(/^\//, '') : undefined;
      if (field && (KEYS as string[]).includes(field)) form.setFields([{ name: field as Key, errors: [errorText(e)] }]);
      else message.error(errorText(e));
    }
  };
  const label: Record<Key, string> = {
    metres: t('categories:same-place-within-metres'),
    openDays: t('categories:open-appeals-offered-days'),
    windowDays: t('categories:closed-appeals-offered-days'),
    minScore: t('categories:minimum-score'),
    suggestions: t('categories:suggestions-at-most'),
  };
  return (
    <Card size="small" title={t('categories:duplicate-suggestions-per-county')} style={{ marginTop: 16 }} data-testid="duplicate-settings">
      <Typography.Paragraph type="secondary">
        {t('categories:while-an-appeal-is-registered-the-appeals-it')}
      </Typography.Paragraph>
      <Flex vertical gap={12}>
        {user.regionCode.length < 6 && <RegionPicker value={county} onChange={setCounty} placeholder={t('categories:choose-a-county-2')} style={{ width: 240 }} />}
        {county && county.length !== 6 && <Typography.Text type="warning">{t('categories:choose-a-county')}</Typography.Text>}
        {current.error && <LoadError error={current.error} />}
        {current.data && (
          <Form form={form} layout="inline">
            {KEYS.map((k) => (
              <Form.Item key={k} name={k} label={label[k]} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
                <InputNumber {...RANGE[k]} style={{ width: 100 }} data-testid={`duplicates-${k}`} />
              </Form.Item>
            ))}
            <Tag color={current.data.source === 'stored' ? 'blue' : 'default'}>{current.data.source === 'stored' ? t('categories:county-setting') : t('categories:default')}</Tag>
            <Button type="primary" onClick={() => void submit()} loading={save.isPending} data-testid="duplicates-save">
              {t('common:save')}
            </Button>
          </Form>
        )}
      </Flex>
    </Card>
  );
}
