import { BulkOutcome } from './BulkOutcome';
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Progress, Typography } from 'antd';
import { errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { validValues } from '../../app/validation';
import type { AppealListItem } from '../../app/contract';
import { actOn } from './api';
import { OrgPicker } from './OrgPicker';

interface Outcome {
  appeal: AppealListItem;
  error: string | null;
}

/** Dispatches every selected accepted appeal to one organisation, one by one, and reports each failure. */
export function BulkDispatchModal({ appeals, onClose, onDone }: { appeals: AppealListItem[]; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ leadOrgId: string; note?: string }>();
  const [running, setRunning] = useState(false);
  const [done, setDone] = useState<Outcome[] | null>(null);
  const [progress, setProgress] = useState(0);
  const categories = [...new Set(appeals.map((a) => a.categoryCode))];

  const run = async () => {
    const v = await validValues(form);
    if (!v) return;
    setRunning(true);
    const outcomes: Outcome[] = [];
    for (const a of appeals) {
      try {
        await actOn(a.id, 'dispatch', { version: a.version, leadOrgId: v.leadOrgId, note: v.note?.trim() || undefined });
        outcomes.push({ appeal: a, error: null });
      } catch (e) {
        outcomes.push({ appeal: a, error: errorText(e) });
      }
      setProgress(outcomes.length);
    }
    setRunning(false);
    setDone(outcomes);
    onDone();
    await qc.invalidateQueries({ queryKey: ['appeals'] });
    const failed = outcomes.filter((o) => o.error).length;
    if (!failed) {
      message.success(t('appeals:outcomescount-dispatched', { outcomesCount: outcomes.length }));
      onClose();
    }
  };

  const failed = done?.filter((o) => o.error) ?? [];
  return (
    <Modal
      open
      title={t('appeals:dispatch-appealscount-appeals', { appealsCount: appeals.length })}
      onCancel={running ? undefined : onClose}
      onOk={done ? onClose : () => void run()}
      okText={done ? t('appeals:close') : t('appeals:dispatch')}
      okButtonProps={{ loading: running }}
      cancelButtonProps={{ disabled: running, style: done ? { display: 'none' } : undefined }}
      maskClosable={false}
      width={620}
    >
      {done ? (
        <BulkOutcome
          title={t('appeals:value-dispatched-failedcount-failed', { value: done.length - failed.length, failedCount: failed.length })}
          description={t('appeals:failed-ones-may-have-been-changed-by-someone')}
          failures={failed.map((o) => ({ id: o.appeal.id, number: o.appeal.number, title: o.appeal.title, error: o.error ?? '' }))}
          testId="bulk-dispatch-failures"
        />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {t('appeals:the-selected-appeals-go-to-one-organisation-each')}
          </Typography.Paragraph>
          <Form form={form} layout="vertical" requiredMark="optional">
            <Form.Item name="leadOrgId" label={t('appeals:handling-organisation-2')} rules={[{ required: true, message: t('appeals:choose-the-organisation') }]}>
              <OrgPicker categoryCode={categories.length === 1 ? categories[0] : undefined} testId="bulk-dispatch-org" />
            </Form.Item>
            <Form.Item name="note" label={t('appeals:instructions')} rules={[{ max: 5000 }]}>
              <Input.TextArea rows={2} maxLength={5000} />
            </Form.Item>
          </Form>
          {running && <Progress percent={Math.round((progress / appeals.length) * 100)} />}
        </>
      )}
    </Modal>
  );
}
