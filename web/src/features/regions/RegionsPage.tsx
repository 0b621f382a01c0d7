import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Card, Col, Row, Skeleton } from 'antd';
import { errorText } from '../../app/api';
import { useUser } from '../../app/auth';
import { EmptyHint, LoadError, PageHeader } from '../../app/components';
import { useI18n } from '../../app/i18n';
import type { RegionNode } from '../../app/contract';
import { useRegionRoots } from './api';
import { RegionDetailPanel } from './RegionDetailPanel';
import { RegionSearch } from './RegionSearch';
import { RegionTree, useRegionTree } from './RegionTree';

function treeHeight() {
  return Math.max(360, window.innerHeight - 300);
}

export default function RegionsPage() {
  const user = useUser();
  const { t } = useI18n();
  const roots = useRegionRoots();
  const onlyGrids = user.roles.every((r) => r === 'grid_worker');

  return (
    <>
      <PageHeader
        title={onlyGrids ? t('common:my-grids') : t('common:divisions')}
        subtitle={t('regions:province-city-county-township-village-grid')}
      />
      {roots.isError && <LoadError error={roots.error} onRetry={() => void roots.refetch()} />}
      {roots.isPending ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : roots.data && roots.data.length === 0 ? (
        <Card>
          <EmptyHint
            title={t('regions:no-divisions-yet')}
            hint={t('regions:ask-the-administrator-to-run-tingsu-regions')}
          />
        </Card>
      ) : (
        roots.data && <Browser roots={roots.data} />
      )}
    </>
  );
}

function Browser({ roots }: { roots: RegionNode[] }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const selected = params.get('code') ?? roots[0]?.code ?? null;
  const tree = useRegionTree(roots);
  const { reveal, ensureChildren, setExpanded } = tree;
  const [height, setHeight] = useState(treeHeight);

  useEffect(() => {
    const onResize = () => setHeight(treeHeight());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);

  // A single root (the caller's own area) starts opened.
  useEffect(() => {
    const only = roots.length === 1 ? roots[0] : undefined;
    if (only?.hasChildren) {
      ensureChildren(only.code)
        .then(() => setExpanded((keys) => (keys.includes(only.code) ? keys : [...keys, only.code])))
        .catch((e: unknown) => message.error(errorText(e)));
    }
  }, [roots, ensureChildren, setExpanded, message]);

  // Whatever selects a node (search, breadcrumb, table, map, address bar) also reveals it in the tree.
  useEffect(() => {
    if (selected) reveal(selected).catch((e: unknown) => message.error(errorText(e)));
  }, [selected, reveal, message]);

  const select = useCallback(
    (code: string) => {
      setParams((p) => {
        const next = new URLSearchParams(p);
        next.set('code', code);
        return next;
      });
    },
    [setParams],
  );

  return (
    <Row gutter={16} wrap={false} style={{ alignItems: 'flex-start' }}>
      <Col flex="360px" style={{ minWidth: 300 }}>
        <Card size="small" title={t('regions:division-tree')} styles={{ body: { padding: 12 } }}>
          <RegionSearch selected={selected} onSelect={select} />
          <div data-testid="region-tree">
            <RegionTree roots={roots} tree={tree} selected={selected} onSelect={select} height={height} />
          </div>
        </Card>
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        {selected ? (
          <RegionDetailPanel code={selected} onSelect={select} />
        ) : (
          <Card>
            <EmptyHint title={t('regions:choose-a-division-or-grid-on-the-left')} />
          </Card>
        )}
      </Col>
    </Row>
  );
}
