import { Card, Tabs } from 'antd';
import { hasAnyRole, useUser } from '../../app/auth';
import { PageHeader } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { ActivitiesTab } from './ActivitiesTab';
import { FiguresTab } from './FiguresTab';
import { NeedsTab } from './NeedsTab';
import { PeopleTab } from './PeopleTab';
import { UnitsTab } from './UnitsTab';

/** 党员报到、结对共建、志愿服务: the people who help, the three lists, activities and figures. */
export default function VolunteersPage() {
  const user = useUser();
  const { t } = useI18n();
  const canWrite = hasAnyRole(user, ['admin', 'dispatcher', 'community_staff']);
  return (
    <>
      <PageHeader title={t('common:members-and-volunteers')} subtitle={t('volunteers:party-members-registering-paired-units-the-three')} />
      <Card>
        <Tabs
          items={[
            { key: 'people', label: t('volunteers:people'), children: <PeopleTab canWrite={canWrite} /> },
            { key: 'units', label: t('volunteers:units-and-teams'), children: <UnitsTab canWrite={canWrite} /> },
            { key: 'needs', label: t('volunteers:needs-and-resources'), children: <NeedsTab canWrite={canWrite} /> },
            { key: 'activities', label: t('volunteers:activities'), children: <ActivitiesTab canWrite={canWrite} /> },
            { key: 'figures', label: t('volunteers:figures'), children: <FiguresTab /> },
          ]}
        />
      </Card>
    </>
  );
}
