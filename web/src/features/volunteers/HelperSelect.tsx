import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../app/i18n';
import { listHelpers } from './api';
import { PERSON_KIND_LABELS } from './labels';

/** A registered person, found by name (prefix) or full phone number. */
export function HelperSelect({ value, onChange, testId }: { value?: string; onChange?: (v: string) => void; testId?: string }) {
  const { t, tl } = useI18n();
  const [q, setQ] = useState('');
  const found = useQuery({ queryKey: ['volunteers', 'helper-search', q], queryFn: () => listHelpers(q ? { q } : {}, 1, 20) });
  return (
    <Select
      showSearch
      filterOption={false}
      onSearch={setQ}
      value={value}
      onChange={onChange}
      loading={found.isFetching}
      placeholder={t('volunteers:a-name-or-a-full-phone-number')}
      options={(found.data?.items ?? []).map((h) => ({ value: h.id, label: `${h.name} · ${tl(PERSON_KIND_LABELS[h.kind])} · ${h.regionName}` }))}
      data-testid={testId}
    />
  );
}
