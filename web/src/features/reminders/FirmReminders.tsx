import { useState } from 'react';
import { App, Button, DatePicker, Flex, Input, Select } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { useCreateReminder, useReminderKinds, useReminders } from './api';
import { ReminderTable } from './ReminderTable';

/** A firm's dated items (小闹钟: a licence's expiry…), upcoming first, and a line to record one. */
export function FirmReminders({ enterpriseId, canWrite }: { enterpriseId: string; canWrite: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const list = useReminders({ status: 'all', enterpriseId, pageSize: 50 });
  const kinds = useReminderKinds();
  const create = useCreateReminder();
  const firmKinds = (kinds.data ?? []).filter((k) => k.subject === 'enterprise' && k.active);
  const [chosen, setKind] = useState<string>();
  const kind = chosen ?? (firmKinds.length === 1 ? firmKinds[0].code : undefined);
  const [due, setDue] = useState<Dayjs | null>(null);
  const [note, setNote] = useState('');
  const add = async () => {
    if (!kind || !due) return;
    try {
      await create.mutateAsync({ kind, enterpriseId, dueDate: due.format('YYYY-MM-DD'), note: note.trim() || undefined });
      setDue(null);
      setNote('');
      message.success(t('reminders:recorded-reminders-will-follow'));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Flex vertical gap={12}>
      {canWrite && (
        <Flex gap={8} wrap>
          <Select placeholder={t('reminders:item')} style={{ width: 180 }} value={kind} onChange={setKind} options={firmKinds.map((k) => ({ value: k.code, label: k.name }))} data-testid="firm-reminder-kind" />
          <DatePicker value={due} onChange={setDue} placeholder={t('reminders:due-date')} data-testid="firm-reminder-due" />
          <Input style={{ width: 220 }} maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('reminders:note-optional')} />
          <Button icon={<PlusOutlined />} disabled={!kind || !due} loading={create.isPending} onClick={() => void add()} data-testid="firm-reminder-add">
            {t('reminders:record')}
          </Button>
        </Flex>
      )}
      <ReminderTable testId="firm-reminders" items={list.data?.items ?? []} loading={list.isLoading} canDelete={canWrite} />
    </Flex>
  );
}
