import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Card, Drawer, Empty, Flex, Tag, Typography } from 'antd';
import { api, errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import type { AppealClusters } from '../../app/contract';
import { actOn } from './api';
import { StatusTag } from './tags';

type Cluster = AppealClusters['items'][number];

/**
 * 多诉统办 clusters beside the inbox: open appeals about one problem, with the residents affected. The
 * desk handles a cluster as one: the oldest stays, the others are merged into it (each hears its outcome).
 */
export function ClustersButton({ canMerge }: { canMerge: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const clusters = useQuery({ queryKey: ['appeals', 'clusters'], queryFn: () => api.get<AppealClusters>('/api/appeals/clusters'), staleTime: 60_000 });
  const items = clusters.data?.items ?? [];

  const handleAsOne = async (c: Cluster) => {
    setBusy(c.masterId);
    try {
      for (const a of c.appeals.filter((x) => x.id !== c.masterId)) {
        const detail = await api.get<{ version: number }>(`/api/appeals/${a.id}`);
        await actOn(a.id, 'merge', { version: detail.version, masterId: c.masterId });
      }
      message.success(t('appeals:merged-into-one'));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
      void qc.invalidateQueries({ queryKey: ['appeals'] });
    }
  };

  return (
    <>
      <Badge count={items.length} size="small">
        <Button onClick={() => setOpen(true)} data-testid="appeal-clusters">
          {t('appeals:clusters')}
        </Button>
      </Badge>
      <Drawer open={open} onClose={() => setOpen(false)} width={640} title={t('appeals:open-appeals-about-one-problem')}>
        {!items.length && <Empty description={t('appeals:no-clusters')} />}
        <Flex vertical gap={12}>
          {items.map((c) => (
            <Card
              key={c.masterId}
              size="small"
              data-testid="appeal-cluster"
              title={t('appeals:appealscount-appeals-affected-residents-affected', { appealsCount: c.appeals.length, affected: c.affected })}
              extra={
                canMerge && (
                  <Button size="small" type="primary" loading={busy === c.masterId} onClick={() => void handleAsOne(c)} data-testid="cluster-merge">
                    {t('appeals:handle-as-one')}
                  </Button>
                )
              }
            >
              {c.appeals.map((a) => (
                <Typography.Paragraph key={a.id} ellipsis style={{ marginBottom: 4 }}>
                  <a href={`/appeals/${a.id}`}>{a.number}</a> <StatusTag status={a.status} /> {a.id === c.masterId && <Tag color="blue">{t('appeals:master')}</Tag>}
                  {a.title}
                </Typography.Paragraph>
              ))}
            </Card>
          ))}
        </Flex>
      </Drawer>
    </>
  );
}
