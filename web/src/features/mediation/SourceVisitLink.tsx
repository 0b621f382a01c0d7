import { useState } from 'react';
import { Typography } from 'antd';
import { hasAnyRole, useUser } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { HouseholdDrawer } from '../households/HouseholdDrawer';
import { useHouseholdNames } from '../visits/householdNames';
import { VisitDrawer } from '../visits/VisitDrawer';

/** Server: visits.read. A mediator without it sees that the case came from a visit, not the visit. */
const VISIT_READERS = ['admin', 'leader', 'dispatcher', 'community_staff', 'grid_worker'] as const;

/** The visit a case came from: opens it, and from it the household's file. */
export function SourceVisitLink({ visitId }: { visitId: string }) {
  const { t } = useI18n();
  const user = useUser();
  const names = useHouseholdNames();
  const [open, setOpen] = useState(false);
  const [household, setHousehold] = useState<string | null>(null);
  if (!hasAnyRole(user, VISIT_READERS)) return null;
  return (
    <>
      {' '}
      <Typography.Link onClick={() => setOpen(true)} data-testid="mediation-source-visit">
        {t('mediation:open-the-visit')}
      </Typography.Link>
      {open && <VisitDrawer id={visitId} mediate={false} onClose={() => setOpen(false)} onOpenHousehold={setHousehold} />}
      {household && <HouseholdDrawer id={household} onClose={() => setHousehold(null)} tagName={names.tagName} typeName={names.typeName} />}
    </>
  );
}
