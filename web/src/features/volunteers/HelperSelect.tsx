import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Helper } from '../../app/contract';
import { useI18n } from '../../app/i18n';
import { listHelpers } from './api';
import { PERSON_KIND_LABELS } from './labels';

/**
 * A registered person, found by name (prefix) or full phone number; `within` narrows it to a community
 * (the one the need or the wish belongs to). `onPick` also hands over the person found.
 */
export function HelperSelect({
  value,
  onChange,
  onPick,
  within,
  allowClear,
  placeholder,
  testId,
}: {
  value?: string;
  onChange?: (v: string) => void;
  onPick?: (h: Helper | undefined) => void;
  within?: string;
  allowClear?: boolean;
  placeholder?: string;
  testId?: string;
}) {
  const { t, tl } = useI18n();
  const [q, setQ] = useState('');
  const filter = { ...(q ? { q } : {}), ...(within ? { within } : {}) };
  const found = useQuery({ queryKey: ['volunteers', 'helper-search', filter], queryFn: () => listHelpers(filter, 1, 20) });
  return (
    <Select
      showSearch
      allowClear={allowClear}
      filterOption={false}
      onSearch={setQ}
      value={value}
      onChange={(v: string) => {
        onChange?.(v);
        onPick?.((found.data?.items ?? []).find((h) => h.id === v));
      }}
      loading={found.isFetching}
      placeholder={placeholder ?? t('volunteers:a-name-or-a-full-phone-number')}
      options={(found.data?.items ?? []).map((h) => ({ value: h.id, label: `${h.name} · ${tl(PERSON_KIND_LABELS[h.kind])} · ${h.regionName}` }))}
      data-testid={testId}
    />
  );
}
