import { Button, Flex, Form, Input, Radio, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { errorText } from '../../../app/api';
import { useI18n } from '../../../app/i18n';
import type { AppealDetail, Org } from '../../../app/contract';
import { useSuggestions } from '../api';
import { OrgPicker } from '../OrgPicker';
import { Hint } from './formParts';
import type { Values } from './actionForm';

/** 派遣: a lead organisation (suggested by category and place) and co-handlers with their parts. */
export function DispatchFields({ appeal }: { appeal: AppealDetail }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<Values>();
  const suggestions = useSuggestions(appeal.id, true);
  const lead = Form.useWatch('leadOrgId', form);
  const co = Form.useWatch('coOrgs', form) ?? [];
  const chosen = [lead, ...co.map((c) => c?.orgId)].filter((x): x is string => !!x);
  const sugg: Org[] = suggestions.data ?? [];
  return (
    <>
      <Form.Item label={t('appeals:suggested-by-category-and-place')}>
        {suggestions.isPending ? (
          <Typography.Text type="secondary">{t('appeals:loading')}</Typography.Text>
        ) : suggestions.isError ? (
          <Typography.Text type="danger">{errorText(suggestions.error)}</Typography.Text>
        ) : sugg.length === 0 ? (
          <Typography.Text type="secondary">{t('appeals:no-suggestion-no-organisation-handles-this')}</Typography.Text>
        ) : (
          <Flex wrap gap={8}>
            {sugg.map((o) => (
              <Button key={o.id} size="small" type={lead === o.id ? 'primary' : 'default'} onClick={() => form.setFieldValue('leadOrgId', o.id)} data-testid="dispatch-suggestion">
                {o.name}
              </Button>
            ))}
          </Flex>
        )}
      </Form.Item>
      <Form.Item name="leadOrgId" label={t('appeals:lead-organisation')} rules={[{ required: true, message: t('appeals:choose-the-handling-organisation') }]}>
        <OrgPicker suggested={sugg} categoryCode={appeal.categoryCode} exclude={chosen.filter((x) => x !== lead)} testId="dispatch-org-select" />
      </Form.Item>
      <Form.List name="coOrgs">
        {(fields, { add, remove }) => (
          <Form.Item label={t('appeals:co-handlers-joint-handling')} style={{ marginBottom: 8 }}>
            {fields.map((f) => (
              <Flex key={f.key} gap={8} align="flex-start">
                <Form.Item name={[f.name, 'orgId']} rules={[{ required: true, message: t('appeals:choose-a-co-handler') }]} style={{ flex: '1 1 50%', marginBottom: 8 }}>
                  <OrgPicker suggested={sugg} exclude={chosen.filter((x) => x !== co[f.name]?.orgId)} placeholder={t('appeals:co-handler')} />
                </Form.Item>
                <Form.Item name={[f.name, 'task']} rules={[{ max: 500 }]} style={{ flex: '1 1 50%', marginBottom: 8 }}>
                  <Input placeholder={t('appeals:its-part-of-the-work')} maxLength={500} />
                </Form.Item>
                <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('appeals:remove')} />
              </Flex>
            ))}
            {fields.length < 10 && (
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="dispatch-add-co">
                {t('appeals:add-a-co-handler')}
              </Button>
            )}
          </Form.Item>
        )}
      </Form.List>
      <Form.Item name="note" label={t('appeals:instructions')} rules={[{ max: 5000 }]}>
        <Input.TextArea rows={2} maxLength={5000} />
      </Form.Item>
    </>
  );
}

/** 吹哨: the community calls the township centre or a department in. */
export function WhistleFields() {
  const { t } = useI18n();
  return (
    <>
      <Hint>{t('appeals:the-community-blows-the-whistle-the-department')}</Hint>
      <Form.Item name="whistleTo" label={t('appeals:whistle-to')} rules={[{ required: true }]}>
        <Radio.Group>
          <Radio value="township">{t('appeals:the-township-centre')}</Radio>
          <Radio value="department">{t('appeals:a-department')}</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.whistleTo !== b.whistleTo}>
        {({ getFieldValue }) =>
          getFieldValue('whistleTo') === 'department' ? (
            <Form.Item name="departmentId" label={t('appeals:department')} rules={[{ required: true, message: t('appeals:choose-a-department') }]}>
              <OrgPicker kind="department" placeholder={t('appeals:search-a-department')} />
            </Form.Item>
          ) : null
        }
      </Form.Item>
      <Form.Item name="reason" label={t('appeals:why')} rules={[{ required: true, whitespace: true, message: t('appeals:say-why') }, { max: 2000 }]}>
        <Input.TextArea rows={3} maxLength={2000} showCount />
      </Form.Item>
    </>
  );
}
