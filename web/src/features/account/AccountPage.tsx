import { Card, Col, Descriptions, Row, Tag } from 'antd';
import { useUser } from '../../app/auth';
import { PageHeader } from '../../app/components';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { GRID_WORKER_KIND_LABELS, ROLE_COLORS, ROLE_LABELS } from '../../app/labels';
import type { GridWorkerKind } from '../../app/contract';
import { ChangePasswordForm } from './ChangePasswordForm';

export default function AccountPage() {
  const user = useUser();
  const { t, tl } = useI18n();
  return (
    <>
      <PageHeader title={t('个人设置', 'My account')} subtitle={t('您的账号信息与登录密码。账号信息如需调整，请联系系统管理员。', 'Your account and password. Ask your administrator to change the account details.')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('账号信息', 'Profile')}>
            <Descriptions
              column={1}
              size="small"
              styles={{ label: { width: 140 } }}
              items={[
                { key: 'username', label: t('用户名', 'Username'), children: user.username },
                { key: 'displayName', label: t('姓名', 'Name'), children: user.displayName },
                {
                  key: 'roles',
                  label: t('角色', 'Roles'),
                  children: user.roles.map((r) => (
                    <Tag key={r} color={ROLE_COLORS[r]}>
                      {tl(ROLE_LABELS[r])}
                    </Tag>
                  )),
                },
                {
                  key: 'region',
                  label: t('管辖范围', 'Area'),
                  children: user.regionCode === '' ? t('全部辖区', 'Whole installation') : `${user.regionName}（${user.regionCode}）`,
                },
                { key: 'org', label: t('所属机构', 'Organisation'), children: user.orgName ?? '—' },
                ...(user.gridWorkerKind
                  ? [{ key: 'kind', label: t('网格员类型', 'Grid-worker kind'), children: tl(GRID_WORKER_KIND_LABELS[user.gridWorkerKind as GridWorkerKind], user.gridWorkerKind) }]
                  : []),
                { key: 'createdAt', label: t('创建时间', 'Created'), children: formatTime(user.createdAt) },
                { key: 'lastLoginAt', label: t('上次登录', 'Last sign-in'), children: formatTime(user.lastLoginAt) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('修改密码', 'Change password')}>
            <ChangePasswordForm />
          </Card>
        </Col>
      </Row>
    </>
  );
}
