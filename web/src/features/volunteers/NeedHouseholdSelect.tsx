import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { Household, Page } from '../../app/contract';
import { useI18n } from '../../app/i18n';

/**
 * The household file a need is raised for (optional): searched by a member's name, only inside the
 * need's community, so the server's check (the household belongs to the need's community) holds.
 */
export function NeedHouseholdSelect({ within, value, onChange }: { within: string | undefined; value?: string; onChange?: (id: string | undefined) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const search = useQuery({
    queryKey: ['volunteers', 'need-households', within, q],
    queryFn: () => api.get<Page<Household>>('/api/households', { q: q || undefined, within, pageSize: 20 }),
    enabled: !!within,
  });
  return (
    <Select
      allowClear
      showSearch
      filterOption={false}
      disabled={!within}
      value={value}
      onSearch={setQ}
      onChange={(v: string | undefined) => onChange?.(v)}
      loading={search.isFetching}
      placeholder={within ? t('volunteers:type-a-members-name-to-search-optional') : t('volunteers:choose-the-community-first')}
      options={(search.data?.items ?? []).map((h) => ({ value: h.id, label: `${h.headName ?? ''} · ${h.address}` }))}
      data-testid="need-household"
    />
  );
}
