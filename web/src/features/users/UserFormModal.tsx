import { useEffect, useState } from 'react';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { ApiError, errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { GRID_WORKER_KIND_LABELS, ROLE_LABELS, ROLES } from '../../app/labels';
import type { GridWorkerKind, Role, UpdateUserBody, User } from '../../app/contract';
import { passwordRules, validValues } from '../../app/validation';
import { RegionPicker } from '../regions/RegionPicker';
import { useCreateUser, useUpdateUser } from './api';
import { OrgSelect } from './OrgSelect';

interface Values {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  regionCode: string;
  orgId?: string | null;
  gridWorkerKind?: GridWorkerKind | null;
}

function changes(user: User, v: Values): UpdateUserBody {
  const body: UpdateUserBody = { version: user.version };
  if (v.displayName.trim() !== user.displayName) body.displayName = v.displayName.trim();
  if ([...v.roles].sort().join(',') !== [...user.roles].sort().join(',')) body.roles = v.roles;
  if (v.regionCode !== user.regionCode) body.regionCode = v.regionCode;
  if ((v.orgId ?? null) !== user.orgId) body.orgId = v.orgId ?? null;
  const kind = v.roles.includes('grid_worker') ? (v.gridWorkerKind ?? null) : null;
  if (kind !== user.gridWorkerKind) body.gridWorkerKind = kind;
  return body;
}

export function UserFormModal({ open, user, onClose }: { open: boolean; user: User | null; onClose: () => void }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const [error, setError] = useState<string | null>(null);
  const roles = Form.useWatch('roles', form) ?? [];

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (user) {
      form.setFieldsValue({
        username: user.username,
        displayName: user.displayName,
        roles: user.roles,
        regionCode: user.regionCode,
        orgId: user.orgId,
        gridWorkerKind: (user.gridWorkerKind as GridWorkerKind | null) ?? undefined,
      });
    } else {
      form.setFieldsValue({ roles: ['grid_worker'], gridWorkerKind: 'full_time' });
    }
  }, [open, user, form]);

  const onOk = async () => {
    const v = await validValues(form);
    if (!v) return;
    setError(null);
    try {
      if (user) {
        const body = changes(user, v);
        if (Object.keys(body).length > 1) {
          await update.mutateAsync({ id: user.id, body });
          message.success(t('已保存', 'Saved'));
        }
      } else {
        await create.mutateAsync({
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          password: v.password,
          roles: v.roles,
          regionCode: v.regionCode,
          orgId: v.orgId ?? null,
          gridWorkerKind: v.roles.includes('grid_worker') ? (v.gridWorkerKind ?? null) : null,
        });
        message.success(t(`已新建账号 ${v.username}`, `Account ${v.username} created`));
      }
      onClose();
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'stale_version'
          ? `${e.message}${t('（列表已刷新，请关闭后重新编辑）', ' (the list has been reloaded; close and edit again)')}`
          : errorText(e),
      );
    }
  };

  return (
    <Modal
      open={open}
      title={user ? t(`编辑账号：${user.username}`, `Edit account: ${user.username}`) : t('新建账号', 'New account')}
      onCancel={onClose}
      onOk={() => void onOk()}
      okText={t('保存', 'Save')}
      confirmLoading={create.isPending || update.isPending}
      width={640}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="user-form-error" />}
      <Form<Values> form={form} layout="vertical" style={{ marginTop: 16 }} requiredMark="optional">
        <Form.Item
          name="username"
          label={t('用户名', 'Username')}
          rules={[
            { required: true, message: t('请输入用户名', 'Enter a username') },
            { pattern: /^[A-Za-z0-9_.-]{2,64}$/, message: t('2–64 位字母、数字、下划线、点或连字符', '2–64 letters, digits, _ . or -') },
          ]}
          extra={user ? t('用户名创建后不能修改', 'The username cannot be changed') : undefined}
        >
          <Input disabled={!!user} autoComplete="off" placeholder="zhangsan" />
        </Form.Item>
        <Form.Item name="displayName" label={t('姓名', 'Name')} rules={[{ required: true, whitespace: true, max: 64, message: t('请输入姓名', 'Enter the name') }]}>
          <Input placeholder={t('张三', 'Zhang San')} />
        </Form.Item>
        {!user && (
          <Form.Item name="password" label={t('初始密码', 'Initial password')} rules={passwordRules(t)} extra={t('10–128 个字符，不能是常见密码或与用户名相同；请告知本人登录后修改', '10 to 128 characters, not a common password or the username; ask the person to change it after signing in')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item name="roles" label={t('角色', 'Roles')} rules={[{ required: true, message: t('至少选择一个角色', 'Choose at least one role') }]}>
          <Select<Role[]> mode="multiple" options={ROLES.map((r) => ({ value: r, label: tl(ROLE_LABELS[r]) }))} />
        </Form.Item>
        {roles.includes('grid_worker') && (
          <Form.Item name="gridWorkerKind" label={t('网格员类型', 'Grid-worker kind')} rules={[{ required: true, message: t('请选择网格员类型', 'Choose the kind') }]}>
            <Select<GridWorkerKind> options={(Object.keys(GRID_WORKER_KIND_LABELS) as GridWorkerKind[]).map((k) => ({ value: k, label: tl(GRID_WORKER_KIND_LABELS[k]) }))} />
          </Form.Item>
        )}
        <Form.Item
          name="regionCode"
          label={t('管辖范围', 'Area')}
          required
          rules={[{ validator: (_, v) => (typeof v === 'string' ? Promise.resolve() : Promise.reject(new Error(t('请选择管辖范围', 'Choose the area')))) }]}
          extra={roles.includes('grid_worker') ? t('网格员的管辖范围一般是其负责的网格', 'A grid worker’s area is usually their grid') : t('账号只能查看和处理该区划内的数据', 'The account sees and acts on this area only')}
        >
          <RegionPicker allowWhole includeGrids valueLabel={user?.regionName} />
        </Form.Item>
        <Form.Item name="orgId" label={t('所属机构', 'Organisation')}>
          <OrgSelect valueLabel={user?.orgName} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
