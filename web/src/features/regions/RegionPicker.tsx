import { useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { TreeSelect, Typography } from 'antd';
import { useI18n } from '../../app/i18n';
import { LEVEL_LABELS } from '../../app/labels';
import type { Level, RegionNode } from '../../app/contract';
import { fetchChildren, useRegionRoots, useRegionSearch } from './api';
import { useDebounced } from './RegionSearch';

/** The tree value standing for '' (the whole installation), which a select cannot hold itself. */
const WHOLE = '__whole__';

interface Props {
  /** A division or grid code; '' is the whole installation (with allowWhole). */
  value?: string | null;
  onChange?: (code: string | undefined) => void;
  /** The name of the initial value, so it shows before the tree has loaded it. */
  valueLabel?: string | null;
  /** Offer "whole installation" (an account's or API key's scope). */
  allowWhole?: boolean;
  /** Let grids be opened and chosen (e.g. a grid worker's area); divisions only otherwise. */
  includeGrids?: boolean;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  id?: string;
}

interface PickerNode {
  value: string;
  title: string;
  level?: Level;
  path?: string;
  isLeaf: boolean;
  children?: PickerNode[];
}

/**
 * A division picker: a lazy tree from the regions API (opened level by level), or, while typing,
 * server-side search by name, code or pinyin initials.
 */
export function RegionPicker({ value, onChange, valueLabel, allowWhole, includeGrids, placeholder, allowClear = true, style, id }: Props) {
  const { t, tl } = useI18n();
  const queryClient = useQueryClient();
  const roots = useRegionRoots();
  const [childrenOf, setChildrenOf] = useState<Record<string, RegionNode[]>>({});
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const hits = useRegionSearch(q);
  const names = useRef<Record<string, string>>({});

  const wholeLabel = t('regions:whole-installation');

  const treeData = useMemo<PickerNode[]>(() => {
    if (q) {
      return (hits.data ?? [])
        .filter((h) => includeGrids || h.level !== 'grid')
        .map((h) => {
          names.current[h.code] = h.name;
          return { value: h.code, title: h.name, level: h.level, path: h.path, isLeaf: true };
        });
    }
    const build = (n: RegionNode): PickerNode => {
      names.current[n.code] = n.name;
      return { value: n.code, title: n.name, level: n.level, isLeaf: !(n.hasChildren && (includeGrids || n.level !== 'village')), children: childrenOf[n.code]?.map(build) };
    };
    const tree = (roots.data ?? []).map(build);
    return allowWhole ? [{ value: WHOLE, title: wholeLabel, isLeaf: true }, ...tree] : tree;
  }, [q, hits.data, roots.data, childrenOf, allowWhole, includeGrids, wholeLabel]);

  const labelOf = (code: string) => (code === '' ? wholeLabel : (names.current[code] ?? (code === value ? valueLabel : undefined) ?? code));
  const selected = value === undefined || value === null ? undefined : { value: value === '' ? WHOLE : value, label: labelOf(value) };

  return (
    <TreeSelect<{ value: string; label?: ReactNode } | undefined>
      id={id}
      labelInValue
      value={selected}
      onChange={(v) => {
        setSearch('');
        onChange?.(v === undefined || v === null ? undefined : v.value === WHOLE ? '' : v.value);
      }}
      treeData={treeData}
      loadData={async (node) => {
        const code = String(node.value);
        if (code === WHOLE || childrenOf[code]) return;
        const kids = await fetchChildren(queryClient, code);
        setChildrenOf((m) => ({ ...m, [code]: kids.filter((k) => includeGrids || k.level !== 'grid') }));
      }}
      showSearch={{ searchValue: search, onSearch: setSearch, filterTreeNode: false, autoClearSearchValue: true }}
      treeTitleRender={(node) => {
        const n = node as unknown as PickerNode;
        return (
          <span>
            {n.title}
            {n.level && (
              <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                {n.path ? n.path : tl(LEVEL_LABELS[n.level])}
              </Typography.Text>
            )}
          </span>
        );
      }}
      notFoundContent={
        q
          ? hits.isFetching
            ? t('regions:searching')
            : t('regions:nothing-matches-type-a-name-code-or-pinyin')
          : t('regions:no-divisions')
      }
      placeholder={placeholder ?? t('regions:choose-or-search-a-division')}
      allowClear={allowClear}
      style={{ width: '100%', ...style }}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: 320, maxWidth: 520 } } }}
      listHeight={320}
    />
  );
}
