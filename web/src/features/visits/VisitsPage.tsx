import { useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Card, Skeleton, Tabs } from 'antd';
import { hasAnyRole, useUser } from '../../app/auth';
import { EmptyHint, LoadError, PageHeader } from '../../app/components';
import { shortRegion } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useCoverage, useWorkers, type Scope } from './api';
import { CadresTab } from './CadresTab';
import { CoverageMap } from './CoverageMap';
import { CoverageTab } from './CoverageTab';
import { ExportVisitsButton } from './ExportVisitsButton';
import { FilterBar, type Filters } from './FilterBar';
import { OverdueTab } from './OverdueTab';
import { finer, groupBelow, ISO_DATE, presetRange } from './period';
import { PlansTab } from './PlansTab';
import { RecordsTab } from './RecordsTab';
import { SettingsTab } from './SettingsTab';
import { SummaryCards } from './SummaryCards';
import { WorkersTab } from './WorkersTab';
import type { CoverageRow } from '../../app/contract';

type TabKey = 'coverage' | 'map' | 'workers' | 'overdue' | 'cadres' | 'plans' | 'records' | 'settings';

/** 入户走访: supervision of door-to-door visits — coverage, workers against the quota, overdue households. */
export default function VisitsPage() {
  const user = useUser();
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const [filters, setFilters] = useState<Filters>(() => ({ preset: 'month', range: presetRange('month'), groupBy: groupBelow(user.regionCode) }));
  // Where each drill-down came from, so "back up" returns there.
  const [trail, setTrail] = useState<Pick<Filters, 'regionCode' | 'regionName' | 'groupBy'>[]>([]);
  const isAdmin = hasAnyRole(user, ['admin']);
  const scope: Scope = { regionCode: filters.regionCode, from: filters.range[0].format(ISO_DATE), to: filters.range[1].format(ISO_DATE) };
  const coverage = useCoverage(scope, filters.groupBy);
  const workers = useWorkers(scope, false);
  const quota = workers.data?.quota;

  const tab = (params.get('tab') as TabKey | null) ?? 'coverage';
  const setTab = (k: string) => setParams(k === 'coverage' ? {} : { tab: k }, { replace: true });
  const patch = (p: Partial<Filters>) => setFilters((f) => ({ ...f, ...p }));
  const onRegionChange = (code: string | undefined) => {
    setTrail([]);
    patch({ regionCode: code, regionName: undefined, groupBy: groupBelow(code ?? user.regionCode) });
  };
  const next = finer(filters.groupBy);
  const drill = next
    ? (row: CoverageRow) => {
        setTrail((s) => [...s, { regionCode: filters.regionCode, regionName: filters.regionName, groupBy: filters.groupBy }]);
        patch({ regionCode: row.code, regionName: row.name, groupBy: next });
      }
    : undefined;
  const back = trail.length
    ? () => {
        patch(trail[trail.length - 1]);
        setTrail((s) => s.slice(0, -1));
      }
    : undefined;

  const area = user.regionCode === '' ? t('visits:the-whole-installation') : shortRegion(user.regionName);
  const label = (key: TabKey, text: string): ReactNode => <span data-testid={`visits-tab-${key}`}>{text}</span>;
  const coverageBody = coverage.isError ? null : !coverage.data ? (
    <Skeleton active paragraph={{ rows: 8 }} />
  ) : (
    <CoverageTab coverage={coverage.data} groupBy={coverage.data.groupBy} quota={quota} loading={coverage.isFetching} onDrill={coverage.data.groupBy === filters.groupBy ? drill : undefined} />
  );
  const items = [
    { key: 'coverage', label: label('coverage', t('visits:coverage-3')), children: coverageBody },
    { key: 'map', label: label('map', t('visits:grid-map')), children: <CoverageMap key={filters.regionCode ?? ''} scope={{ ...scope, regionCode: filters.regionCode ?? user.regionCode }} quota={quota} /> },
    { key: 'workers', label: label('workers', t('visits:grid-workers')), children: <WorkersTab scope={scope} /> },
    { key: 'overdue', label: label('overdue', t('visits:overdue-households')), children: <OverdueTab regionCode={filters.regionCode} /> },
    { key: 'cadres', label: label('cadres', t('visits:cadre-coverage')), children: <CadresTab regionCode={filters.regionCode} /> },
    { key: 'plans', label: label('plans', t('visits:plans')), children: <PlansTab regionCode={filters.regionCode} /> },
    { key: 'records', label: label('records', t('visits:visit-records')), children: <RecordsTab scope={scope} /> },
    ...(isAdmin ? [{ key: 'settings', label: label('settings', t('visits:settings')), children: <SettingsTab /> }] : []),
  ];

  return (
    <>
      <PageHeader
        title={t('visits:door-to-door-visits')}
        subtitle={t('visits:in-area-coverage-households-visited-in-the', { area })}
        extra={<ExportVisitsButton scope={scope} />}
      />
      <FilterBar value={filters} onChange={patch} onRegionChange={onRegionChange} onBack={back} workingDays={coverage.data?.workingDays} inProgressDay={coverage.data?.inProgressDay} />
      {coverage.isError ? (
        <LoadError error={coverage.error} onRetry={() => void coverage.refetch()} />
      ) : !coverage.data ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : coverage.data.totals.households === 0 ? (
        <Card size="small" style={{ marginBottom: 16 }}>
          <EmptyHint
            title={t('visits:no-household-files-in-this-area-yet')}
            hint={t('visits:import-the-roster-in-household-files-first-so')}
          />
        </Card>
      ) : (
        <SummaryCards coverage={coverage.data} quota={quota} />
      )}
      <Tabs activeKey={isAdmin || tab !== 'settings' ? tab : 'coverage'} onChange={setTab} items={items} />
    </>
  );
}
