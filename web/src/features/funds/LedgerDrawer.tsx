import { useState } from 'react';
import { App, Button, Drawer, Input, Modal, Table, Tag, Typography } from 'antd';
import { errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { Fund, FundEntry } from '../../app/contract';
import { useFundEntries, useReverse, yuan } from './api';
import { ENTRY_KIND_LABELS, INCOME_SOURCE_LABELS } from './labels';

/** The fund's ledger, oldest first: entries are never edited; a mistake is reversed by a new entry. */
export function LedgerDrawer({ fund, onClose }: { fund: Fund; onClose: () => void }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const canWrite = hasAnyRole(user, ['admin', 'dispatcher', 'community_staff']);
  const [page, setPage] = useState(1);
  const entries = useFundEntries(fund.id, page, 50);
  const reverse = useReverse();
  const [target, setTarget] = useState<FundEntry | null>(null);
  const [reason, setReason] = useState('');
  const bucketName = (k: string | null) => (k ? fund.splitRule?.buckets.find((b) => b.key === k)?.name ?? k : '');

  const submit = async () => {
    if (!target) return;
    try {
      await reverse.mutateAsync({ fundId: fund.id, entryId: target.id, reason: reason.trim() });
      message.success(t('funds:reversed-with-a-new-entry'));
      setTarget(null);
      setReason('');
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <Drawer open width={880} title={t('funds:ledger-name', { name: fund.name })} onClose={onClose}>
      <Typography.Paragraph type="secondary">
        {t('funds:balance-yuan-yuan-entries-are-never-edited-a', { yuan: yuan(fund.balance.totalFen) })}
      </Typography.Paragraph>
      <Table<FundEntry>
        rowKey="id"
        size="small"
        data-testid="ledger-table"
        loading={entries.isLoading}
        dataSource={entries.data?.items ?? []}
        pagination={{ current: page, pageSize: 50, total: entries.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: '#', dataIndex: 'seq', width: 70 },
          { title: t('funds:time'), key: 'at', render: (_, e) => formatTime(e.createdAt), width: 150 },
          {
            title: t('funds:kind'),
            key: 'kind',
            render: (_, e) => (
              <>
                <Tag color={e.kind === 'reversal' ? 'red' : e.amountFen > 0 ? 'green' : 'blue'}>{tl(ENTRY_KIND_LABELS[e.kind])}</Tag>
                {e.reversed && <Tag>{t('funds:reversed')}</Tag>}
              </>
            ),
          },
          { title: t('funds:amount-yuan'), key: 'amount', align: 'right', render: (_, e) => <span style={{ color: e.amountFen < 0 ? '#cf1322' : '#389e0d' }}>{yuan(e.amountFen)}</span> },
          { title: t('funds:bucket'), key: 'bucket', render: (_, e) => (e.bucket ? `${bucketName(e.bucket)}${e.bp ? ` ${e.bp / 100}%` : ''}` : '') },
          { title: t('funds:note'), key: 'note', render: (_, e) => [e.category && INCOME_SOURCE_LABELS[e.category] ? tl(INCOME_SOURCE_LABELS[e.category]) : null, e.note].filter(Boolean).join(' · ') },
          {
            title: '',
            key: 'actions',
            render: (_, e) =>
              canWrite && e.kind !== 'reversal' && !e.reversed ? (
                <Button size="small" danger onClick={() => setTarget(e)}>
                  {t('funds:reverse')}
                </Button>
              ) : null,
          },
        ]}
      />
      <Modal open={!!target} title={t('funds:reverse-this-entry')} onOk={submit} onCancel={() => setTarget(null)} okButtonProps={{ disabled: !reason.trim(), danger: true }} confirmLoading={reverse.isPending}>
        <Typography.Paragraph>
          {t('funds:a-new-entry-of-the-opposite-amount-is-added')}
        </Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('funds:why-required')} />
      </Modal>
    </Drawer>
  );
}
