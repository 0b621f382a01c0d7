import { useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Select, Typography } from 'antd';
import { shortRegion } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { Org, OrgKind } from '../../app/contract';
import { listOrgs } from '../orgs/api';
import { useDebounced } from '../regions/RegionSearch';

interface Props {
  value?: string;
  onChange?: (id: string | undefined) => void;
  /** Shown first, under “推荐” (the dispatch suggestions). */
  suggested?: Org[];
  /** Narrows the search to organisations handling this category (when nothing is typed). */
  categoryCode?: string;
  kind?: OrgKind;
  /** Organisations that cannot be chosen here (already lead or co-handler). */
  exclude?: string[];
  placeholder?: string;
  testId?: string;
  id?: string;
}

function optionOf(o: Org) {
  return {
    value: o.id,
    label: o.name,
    title: o.regionName,
    desc: shortRegion(o.regionName),
  };
}

/** Picks an active organisation: suggestions first, then a server-side search by name. */
export function OrgPicker({ value, onChange, suggested = [], categoryCode, kind, exclude = [], placeholder, testId, id }: Props) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const orgs = useQuery({
    queryKey: ['orgs', 'pick', q, q ? undefined : categoryCode, kind],
    queryFn: () => listOrgs({ q: q || undefined, categoryCode: q ? undefined : categoryCode, kind, active: true }, 1, 30),
  });
  // No organisation handles the category yet (its duties not set up): every organisation is offered instead
  // of an empty list that only typing would fill.
  const byCategory = Boolean(!q && categoryCode);
  const noneHandles = byCategory && orgs.isSuccess && orgs.data.items.length === 0;
  const all = useQuery({
    queryKey: ['orgs', 'pick', '', undefined, kind],
    queryFn: () => listOrgs({ kind, active: true }, 1, 30),
    enabled: noneHandles,
  });
  const listedOrgs = noneHandles ? (all.data?.items ?? []) : (orgs.data?.items ?? []);
  // Names of every organisation shown so far: the chosen one keeps its label when the search changes.
  const seen = useRef(new Map<string, Org>());
  for (const o of [...suggested, ...listedOrgs]) seen.current.set(o.id, o);
  const skip = new Set(exclude);
  const suggestedIds = new Set(suggested.map((o) => o.id));
  const sugg = suggested.filter((o) => !skip.has(o.id) && (!q || o.name.includes(q))).map(optionOf);
  const found = listedOrgs.filter((o) => !skip.has(o.id) && !suggestedIds.has(o.id)).map(optionOf);
  const options = [
    ...(sugg.length ? [{ label: t('appeals:suggested-category-and-place'), options: sugg }] : []),
    ...(found.length ? [{ label: q ? t('appeals:search-results') : noneHandles ? t('appeals:all-organisations') : t('appeals:handling-this-category'), options: found }] : []),
  ];
  const listed = [...sugg, ...found].some((o) => o.value === value);
  if (value && !listed && seen.current.has(value)) options.push({ label: t('appeals:chosen'), options: [optionOf(seen.current.get(value)!)] });
  return (
    <Select<string>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      options={options}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      loading={orgs.isFetching || all.isFetching}
      placeholder={placeholder ?? t('appeals:choose-or-search-an-organisation')}
      notFoundContent={orgs.isFetching || all.isFetching ? t('appeals:searching') : t('appeals:nothing-matches-try-another-name')}
      optionRender={(o) => (
        <span>
          {o.label}
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
            {(o.data as { desc?: string }).desc}
          </Typography.Text>
        </span>
      )}
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );
}
