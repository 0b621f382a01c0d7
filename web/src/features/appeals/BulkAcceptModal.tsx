import { BulkOutcome } from './BulkOutcome';
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, List, Modal, Typography } from 'antd';
import { errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import type { AppealListItem, BulkResult } from '../../app/contract';
import { bulkAccept } from './api';

/**
 * 批量受理: accepts the chosen registered appeals in one request; the server takes each through the
 * workflow on its own and says which it refused and why (someone else accepted it first, it changed
 * since the list was read, …). The refused ones stay as they were.
 */
export function BulkAcceptModal({ appeals, onClose, onDone }: { appeals: AppealListItem[]; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [running, setRunning] = useState(false);
  const [done, setDone] = useState<BulkResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const byId = new Map(appeals.map((a) => [a.id, a]));

  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      const result = await bulkAccept({ items: appeals.map((a) => ({ id: a.id, version: a.version })) });
      setDone(result);
      onDone();
      await qc.invalidateQueries({ queryKey: ['appeals'] });
      if (!result.refused) {
        const accepted = result.done;
        message.success(t('appeals:accepted-appeals-accepted', { accepted }));
        onClose();
      }
    } catch (e) {
      setError(errorText(e));
      // A batch stopped midway (the database gone) may have accepted the first ones: show what is true now.
      void qc.invalidateQueries({ queryKey: ['appeals'] });
    } finally {
      setRunning(false);
    }
  };

  const refused = done?.results.filter((r) => !r.ok) ?? [];
  return (
    <Modal
      open
      title={t('appeals:accept-appealscount-appeals', { appealsCount: appeals.length })}
      onCancel={running ? undefined : onClose}
      onOk={done ? onClose : () => void run()}
      okText={done ? t('appeals:close') : t('appeals:accept')}
      okButtonProps={{ loading: running, id: 'bulk-accept-confirm' }}
      cancelButtonProps={{ disabled: running, style: done ? { display: 'none' } : undefined }}
      maskClosable={false}
      width={620}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {done ? (
        <BulkOutcome
          title={t('appeals:done-accepted-refused-not', { done: done.done, refused: done.refused })}
          description={t('appeals:those-not-accepted-are-unchanged-open-them-to')}
          failures={refused.map((r) => ({ id: r.id, number: byId.get(r.id)?.number, title: byId.get(r.id)?.title, error: r.message ?? r.error ?? '' }))}
          testId="bulk-accept-failures"
        />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {t('appeals:each-appeal-is-accepted-on-its-own-with-its-own')}
          </Typography.Paragraph>
          <List
            size="small"
            dataSource={appeals}
            style={{ maxHeight: 280, overflowY: 'auto' }}
            renderItem={(a) => (
              <List.Item>
                <Typography.Text ellipsis>
                  {a.number} {a.title}
                </Typography.Text>
              </List.Item>
            )}
          />
        </>
      )}
    </Modal>
  );
}
