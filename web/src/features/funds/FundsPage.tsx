import { useSearchParams } from 'react-router-dom';
import { Tabs } from 'antd';
import { PageHeader } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { FiguresTab } from './FiguresTab';
import { FundsTab } from './FundsTab';
import { ProjectsTab } from './ProjectsTab';
import { ThresholdsTab } from './ThresholdsTab';

/** 社区吹哨专项基金 and 三账公开: funds and accounts, projects (民生微实事), figures. */
export default function FundsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'projects';
  return (
    <>
      <PageHeader title={t('funds:whistle-funds-and-public-accounts')} subtitle={t('funds:funds-allocations-projects-approved-paid')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        items={[
          { key: 'projects', label: t('funds:projects-2'), children: <ProjectsTab /> },
          { key: 'funds', label: t('funds:funds-and-accounts'), children: <FundsTab /> },
          { key: 'figures', label: t('funds:figures'), children: <FiguresTab /> },
          { key: 'thresholds', label: t('funds:approval-thresholds'), children: <ThresholdsTab /> },
        ]}
      />
    </>
  );
}
