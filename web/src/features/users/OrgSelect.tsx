import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { shortRegion } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { listOrgs } from '../orgs/api';
import { useDebounced } from '../regions/RegionSearch';

/** Picks an active organisation by name, searched on the server. */
export function OrgSelect({ value, onChange, valueLabel, id }: { value?: string | null; onChange?: (id: string | null) => void; valueLabel?: string | null; id?: string }) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const orgs = useQuery({ queryKey: ['orgs', 'pick', q], queryFn: () => listOrgs({ q: q || undefined, active: true }, 1, 30) });
  const options = (orgs.data?.items ?? []).map((o) => ({ value: o.id, label: `${o.name}（${shortRegion(o.regionName)}）` }));
  if (value && valueLabel && !options.some((o) => o.value === value)) options.unshift({ value, label: valueLabel });
  return (
    <Select<string>
      id={id}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      options={options}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      loading={orgs.isFetching}
      placeholder={t('users:search-an-organisation-optional')}
      notFoundContent={t('users:nothing-matches-create-it-under-organisations')}
    />
  );
}
