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
      <PageHeader title={t('common:my-account')} subtitle={t('account:your-account-and-password-ask-your-administrator')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('account:profile')}>
            <Descriptions
              column={1}
              size="small"
              styles={{ label: { width: 140 } }}
              items={[
                { key: 'username', label: t('account:username'), children: user.username },
                { key: 'displayName', label: t('account:name'), children: user.displayName },
                {
                  key: 'roles',
                  label: t('account:roles'),
                  children: user.roles.map((r) => (
                    <Tag key={r} color={ROLE_COLORS[r]}>
                      {tl(ROLE_LABELS[r])}
                    </Tag>
                  )),
                },
                {
                  key: 'region',
                  label: t('account:area'),
                  children: user.regionCode === '' ? t('common:whole-installation') : `${user.regionName}（${user.regionCode}）`,
                },
                { key: 'org', label: t('account:organisation'), children: user.orgName ?? '—' },
                ...(user.gridWorkerKind
                  ? [{ key: 'kind', label: t('account:grid-worker-kind'), children: tl(GRID_WORKER_KIND_LABELS[user.gridWorkerKind as GridWorkerKind], user.gridWorkerKind) }]
                  : []),
                { key: 'createdAt', label: t('account:created'), children: formatTime(user.createdAt) },
                { key: 'lastLoginAt', label: t('account:last-sign-in'), children: formatTime(user.lastLoginAt) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('common:change-password')}>
            <ChangePasswordForm />
          </Card>
        </Col>
      </Row>
    </>
  );
}
