import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api';
import { useI18n } from '../../app/i18n';
import type { MediationPeople as People } from '../../app/contract';

/**
 * A party from the household files: the mediator types the start of a name and picks among the people
 * of the body's region (masked name, grid only; the search is audited). The full record stays sealed.
 */
export function PersonPicker({ bodyId, value, onChange, testId }: { bodyId?: string; value?: string; onChange?: (v: string) => void; testId?: string }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const people = useQuery({
    queryKey: ['mediation', 'people', bodyId, q],
    queryFn: () => api.get<People>('/api/mediation/people', { q, ...(bodyId ? { bodyId } : {}) }),
    enabled: !!bodyId && q.trim().length > 0,
    staleTime: 30_000,
  });
  return (
    <Select
      showSearch
      data-testid={testId}
      style={{ width: 300 }}
      value={value}
      onChange={onChange}
      disabled={!bodyId}
      placeholder={bodyId ? t('mediation:type-the-start-of-a-name-in-the-bodys-area') : t('mediation:choose-the-body-first')}
      filterOption={false}
      onSearch={(v) => setQ(v.trim().slice(0, 20))}
      loading={people.isFetching}
      notFoundContent={q ? t('mediation:nobody-of-that-name-in-the-bodys-area') : null}
      options={(people.data?.items ?? []).map((p) => ({ value: p.personId, label: `${p.name} · ${t('mediation:grid')} ${p.gridCode.slice(-3)}` }))}
    />
  );
}
