import { useCallback, useEffect, useMemo, useRef, useState, type Key } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App, Tag, Tree } from 'antd';
import type { GetRef, TreeDataNode } from 'antd';
import { errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { LEVEL_COLORS, LEVEL_SHORT_LABELS } from '../../app/labels';
import type { RegionNode } from '../../app/contract';
import { ancestorCodes, fetchChildren } from './api';

type TreeRef = GetRef<typeof Tree>;

/**
 * The lazy division tree: children are fetched when a node is opened, and `reveal` opens every
 * ancestor of a code (fetching what is missing) so a node chosen elsewhere shows in the tree.
 */
export function useRegionTree(roots: RegionNode[]) {
  const queryClient = useQueryClient();
  const [childrenOf, setChildrenOf] = useState<Record<string, RegionNode[]>>({});
  const [expanded, setExpanded] = useState<Key[]>([]);
  const loaded = useRef<Record<string, RegionNode[]>>({});

  const ensureChildren = useCallback(
    async (code: string) => {
      if (loaded.current[code]) return loaded.current[code];
      const kids = await fetchChildren(queryClient, code);
      loaded.current[code] = kids;
      setChildrenOf((m) => ({ ...m, [code]: kids }));
      return kids;
    },
    [queryClient],
  );

  const reveal = useCallback(
    async (code: string) => {
      const rootCodes = new Set(roots.map((r) => r.code));
      const chain = ancestorCodes(code);
      const start = chain.findIndex((c) => rootCodes.has(c));
      if (start < 0) return; // the code is a root itself, or outside the tree
      const path = chain.slice(start);
      for (const c of path) await ensureChildren(c);
      setExpanded((keys) => [...new Set([...keys, ...path])]);
    },
    [roots, ensureChildren],
  );

  return { childrenOf, expanded, setExpanded, ensureChildren, reveal };
}

interface Props {
  roots: RegionNode[];
  tree: ReturnType<typeof useRegionTree>;
  selected: string | null;
  onSelect: (code: string) => void;
  height: number;
}

export function RegionTree({ roots, tree, selected, onSelect, height }: Props) {
  const { tl } = useI18n();
  const { message } = App.useApp();
  const ref = useRef<TreeRef>(null);
  const { childrenOf, expanded, setExpanded, ensureChildren } = tree;

  const treeData = useMemo(() => {
    const build = (n: RegionNode): TreeDataNode => ({
      key: n.code,
      title: (
        <span className="ts-tree-title" data-testid={`tree-node-${n.code}`} title={n.code}>
          {n.name}
          <Tag color={LEVEL_COLORS[n.level]} className="ts-level-tag" variant="filled">
            {tl(LEVEL_SHORT_LABELS[n.level])}
          </Tag>
        </span>
      ),
      isLeaf: !n.hasChildren,
      children: childrenOf[n.code]?.map(build),
    });
    return roots.map(build);
  }, [roots, childrenOf, tl]);

  // Keep the selected node in view once its branch has been opened (and the node is in the tree).
  const present = useMemo(() => {
    const codes = new Set(roots.map((r) => r.code));
    for (const kids of Object.values(childrenOf)) for (const k of kids) codes.add(k.code);
    return codes;
  }, [roots, childrenOf]);
  const visible = !!selected && present.has(selected) && ancestorCodes(selected).every((a) => !present.has(a) || expanded.includes(a));
  useEffect(() => {
    if (!selected || !visible) return;
    const timer = setTimeout(() => ref.current?.scrollTo({ key: selected, align: 'auto' }), 50);
    return () => clearTimeout(timer);
  }, [selected, visible]);

  return (
    <Tree
      ref={ref}
      showLine
      blockNode
      height={height}
      treeData={treeData}
      expandedKeys={expanded}
      selectedKeys={selected ? [selected] : []}
      onExpand={(keys) => setExpanded(keys)}
      onSelect={(keys) => {
        if (keys.length) onSelect(String(keys[0]));
      }}
      loadData={async (node) => {
        try {
          await ensureChildren(String(node.key));
        } catch (e) {
          message.error(errorText(e));
          throw e;
        }
      }}
      data-testid="region-tree"
    />
  );
}
