import { useEffect, useState } from 'react';
import { Alert, App, Checkbox, Form, Input, Modal, Select } from 'antd';
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
  /** A new work mobile; left empty on edit it keeps the one on file (shown masked). */
  phone?: string;
  removePhone?: boolean;
}

function changes(user: User, v: Values): UpdateUserBody {
  const body: UpdateUserBody = { version: user.version };
  if (v.displayName.trim() !== user.displayName) body.displayName = v.displayName.trim();
  if ([...v.roles].sort().join(',') !== [...user.roles].sort().join(',')) body.roles = v.roles;
  if (v.regionCode !== user.regionCode) body.regionCode = v.regionCode;
  if ((v.orgId ?? null) !== user.orgId) body.orgId = v.orgId ?? null;
  const kind = v.roles.includes('grid_worker') ? (v.gridWorkerKind ?? null) : null;
  if (kind !== user.gridWorkerKind) body.gridWorkerKind = kind;
  if (v.phone?.trim()) body.phone = v.phone.trim();
  else if (v.removePhone && user.phone) body.phone = null;
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
          message.success(t('users:saved'));
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
          phone: v.phone?.trim() || null,
        });
        message.success(t('users:account-username-created', { username: v.username }));
      }
      onClose();
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'stale_version'
          ? `${e.message}${t('users:the-list-has-been-reloaded-close-and-edit-again')}`
          : errorText(e),
      );
    }
  };

  return (
    <Modal
      open={open}
      title={user ? t('users:edit-account-username', { username: user.username }) : t('users:new-account')}
      onCancel={onClose}
      onOk={() => void onOk()}
      okText={t('users:save')}
      confirmLoading={create.isPending || update.isPending}
      width={640}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="user-form-error" />}
      <Form<Values> form={form} layout="vertical" style={{ marginTop: 16 }} requiredMark="optional">
        <Form.Item
          name="username"
          label={t('users:username')}
          rules={[
            { required: true, message: t('users:enter-a-username') },
            { pattern: /^[A-Za-z0-9_.-]{2,64}$/, message: t('users:2-64-letters-digits-or') },
          ]}
          extra={user ? t('users:the-username-cannot-be-changed') : undefined}
        >
          <Input disabled={!!user} autoComplete="off" placeholder="zhangsan" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users:name')} rules={[{ required: true, whitespace: true, max: 64, message: t('users:enter-the-name') }]}>
          <Input placeholder={t('users:zhang-san')} />
        </Form.Item>
        {!user && (
          <Form.Item name="password" label={t('users:initial-password')} rules={passwordRules(t)} extra={t('users:10-to-128-characters-not-a-common-password-or')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item name="roles" label={t('users:roles')} rules={[{ required: true, message: t('users:choose-at-least-one-role') }]}>
          <Select<Role[]> mode="multiple" options={ROLES.map((r) => ({ value: r, label: tl(ROLE_LABELS[r]) }))} />
        </Form.Item>
        {roles.includes('grid_worker') && (
          <Form.Item name="gridWorkerKind" label={t('users:grid-worker-kind')} rules={[{ required: true, message: t('users:choose-the-kind') }]}>
            <Select<GridWorkerKind> options={(Object.keys(GRID_WORKER_KIND_LABELS) as GridWorkerKind[]).map((k) => ({ value: k, label: tl(GRID_WORKER_KIND_LABELS[k]) }))} />
          </Form.Item>
        )}
        <Form.Item
          name="regionCode"
          label={t('users:area')}
          required
          rules={[{ validator: (_, v) => (typeof v === 'string' ? Promise.resolve() : Promise.reject(new Error(t('users:choose-the-area')))) }]}
          extra={roles.includes('grid_worker') ? t('users:a-grid-workers-area-is-usually-their-grid') : t('users:the-account-sees-and-acts-on-this-area-only')}
        >
          <RegionPicker allowWhole includeGrids valueLabel={user?.regionName} />
        </Form.Item>
        <Form.Item name="orgId" label={t('users:organisation')}>
          <OrgSelect valueLabel={user?.orgName} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('users:mobile-for-sms')}
          rules={[{ pattern: /^\s*(\+?86)?\s*1[3-9]\d(\s?\d){8}\s*$/, message: t('users:enter-an-11-digit-mobile-number') }]}
          extra={
            user?.phone
              ? t('users:on-file-phone-leave-empty-to-keep-it-urging-and', { phone: user.phone })
              : t('users:urging-and-supervision-notes-are-sent-to-it-by')
          }
        >
          <Input inputMode="tel" autoComplete="off" placeholder="13800000000" data-testid="user-phone" />
        </Form.Item>
        {user?.phone && (
          <Form.Item name="removePhone" valuePropName="checked">
            <Checkbox data-testid="user-phone-remove">{t('users:remove-the-mobile-on-file')}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
