import { useEffect, useState } from 'react';
import { App, Alert, Button, Card, Form, Input, InputNumber, Space, Typography } from 'antd';
import { errorText } from '../../app/api';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { toFen, useSetThresholds, useThresholds, yuan } from './api';

/** A county's approval thresholds (community → township → county by amount): the admin sets them. */
export function ThresholdsTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const own = user?.regionCode && user.regionCode.length >= 6 ? user.regionCode.slice(0, 6) : '';
  const [county, setCounty] = useState(own);
  const thresholds = useThresholds(county);
  const save = useSetThresholds(county);
  const [form] = Form.useForm<{ community: number; township: number }>();
  const th = thresholds.data;
  useEffect(() => {
    if (th) form.setFieldsValue({ community: th.communityUpToFen / 100, township: th.townshipUpToFen / 100 });
  }, [th, form]);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync({ communityUpToFen: toFen(v.community), townshipUpToFen: toFen(v.township), version: th!.version });
      message.success(t('funds:saved'));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Card>
      <Typography.Paragraph type="secondary">
        {t('funds:up-to-the-communitys-limit-a-community-approves')}
      </Typography.Paragraph>
      <Space style={{ marginBottom: 16 }}>
        <Typography.Text>{t('funds:county-code')}</Typography.Text>
        <Input value={county} onChange={(e) => setCounty(e.target.value.trim())} maxLength={6} style={{ width: 120 }} data-testid="thresholds-county" />
      </Space>
      {thresholds.error ? <LoadError error={thresholds.error} onRetry={() => thresholds.refetch()} /> : null}
      {th ? (
        <>
          {!th.custom ? <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('funds:this-county-has-not-set-its-own-the-defaults')} /> : null}
          <Form form={form} layout="vertical" style={{ maxWidth: 420 }}>
            <Form.Item name="community" label={t('funds:community-limit-yuan')} rules={[{ required: true }]}>
              <InputNumber min={0.01} precision={2} style={{ width: 240 }} data-testid="thresholds-community" />
            </Form.Item>
            <Form.Item
              name="township"
              label={t('funds:township-limit-yuan')}
              dependencies={['community']}
              rules={[
                { required: true },
                ({ getFieldValue }) => ({
                  validator: (_, v: number) => (v > getFieldValue('community') ? Promise.resolve() : Promise.reject(new Error(t('funds:must-be-above-the-communitys-limit')))),
                }),
              ]}
            >
              <InputNumber min={0.01} precision={2} style={{ width: 240 }} data-testid="thresholds-township" />
            </Form.Item>
            <Typography.Paragraph type="secondary">
              {t('funds:thresholds-now', { a: yuan(th.communityUpToFen), b: yuan(th.townshipUpToFen) })}
            </Typography.Paragraph>
            {user?.roles.includes('admin') ? (
              <Button type="primary" onClick={submit} loading={save.isPending} data-testid="thresholds-save">
                {t('common:save')}
              </Button>
            ) : null}
          </Form>
        </>
      ) : null}
    </Card>
  );
}
