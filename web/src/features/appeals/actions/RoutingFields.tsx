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
      <Form.Item label={t('推荐承办单位（按诉求类别和位置）', 'Suggested (by category and place)')}>
        {suggestions.isPending ? (
          <Typography.Text type="secondary">{t('加载中…', 'Loading…')}</Typography.Text>
        ) : suggestions.isError ? (
          <Typography.Text type="danger">{errorText(suggestions.error)}</Typography.Text>
        ) : sugg.length === 0 ? (
          <Typography.Text type="secondary">{t('没有推荐：该类别尚未指定负责单位，请在下方搜索。', 'No suggestion: no organisation handles this category yet; search below.')}</Typography.Text>
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
      <Form.Item name="leadOrgId" label={t('牵头承办单位', 'Lead organisation')} rules={[{ required: true, message: t('请选择承办单位', 'Choose the handling organisation') }]}>
        <OrgPicker suggested={sugg} categoryCode={appeal.categoryCode} exclude={chosen.filter((x) => x !== lead)} testId="dispatch-org-select" />
      </Form.Item>
      <Form.List name="coOrgs">
        {(fields, { add, remove }) => (
          <Form.Item label={t('协办单位（联办）', 'Co-handlers (joint handling)')} style={{ marginBottom: 8 }}>
            {fields.map((f) => (
              <Flex key={f.key} gap={8} align="flex-start">
                <Form.Item name={[f.name, 'orgId']} rules={[{ required: true, message: t('请选择协办单位', 'Choose a co-handler') }]} style={{ flex: '1 1 50%', marginBottom: 8 }}>
                  <OrgPicker suggested={sugg} exclude={chosen.filter((x) => x !== co[f.name]?.orgId)} placeholder={t('协办单位', 'Co-handler')} />
                </Form.Item>
                <Form.Item name={[f.name, 'task']} rules={[{ max: 500 }]} style={{ flex: '1 1 50%', marginBottom: 8 }}>
                  <Input placeholder={t('该单位负责的部分', 'Its part of the work')} maxLength={500} />
                </Form.Item>
                <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('移除', 'Remove')} />
              </Flex>
            ))}
            {fields.length < 10 && (
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="dispatch-add-co">
                {t('添加协办单位', 'Add a co-handler')}
              </Button>
            )}
          </Form.Item>
        )}
      </Form.List>
      <Form.Item name="note" label={t('派遣说明', 'Instructions')} rules={[{ max: 5000 }]}>
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
      <Hint>{t('社区吹哨、部门报到：部门须在时限内签收并到场。', 'The community blows the whistle; the department must sign for it and show up within the limit.')}</Hint>
      <Form.Item name="whistleTo" label={t('向谁吹哨', 'Whistle to')} rules={[{ required: true }]}>
        <Radio.Group>
          <Radio value="township">{t('乡镇（街道）综治中心', 'The township centre')}</Radio>
          <Radio value="department">{t('职能部门', 'A department')}</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.whistleTo !== b.whistleTo}>
        {({ getFieldValue }) =>
          getFieldValue('whistleTo') === 'department' ? (
            <Form.Item name="departmentId" label={t('职能部门', 'Department')} rules={[{ required: true, message: t('请选择职能部门', 'Choose a department') }]}>
              <OrgPicker kind="department" placeholder={t('搜索职能部门', 'Search a department')} />
            </Form.Item>
          ) : null
        }
      </Form.Item>
      <Form.Item name="reason" label={t('吹哨事由', 'Why')} rules={[{ required: true, whitespace: true, message: t('请填写吹哨事由', 'Say why') }, { max: 2000 }]}>
        <Input.TextArea rows={3} maxLength={2000} showCount />
      </Form.Item>
    </>
  );
}
