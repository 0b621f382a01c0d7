import { useState } from 'react';
import { App, Button, DatePicker, Flex, Input, Select } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { useCreateReminder, useReminderKinds, useReminders } from './api';
import { ReminderTable } from './ReminderTable';

/** A household file's dated items (小闹钟), and a line to record one for a member. */
export function HouseholdReminders({ householdId, members, canWrite }: { householdId: string; members: { id: string; name: string }[]; canWrite: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const list = useReminders({ status: 'all', householdId, pageSize: 50 });
  const kinds = useReminderKinds();
  const create = useCreateReminder();
  const [kind, setKind] = useState<string>();
  const [personId, setPersonId] = useState<string>();
  const [due, setDue] = useState<Dayjs | null>(null);
  const [note, setNote] = useState('');
  const add = async () => {
    if (!kind || !personId || !due) return;
    try {
      await create.mutateAsync({ kind, personId, dueDate: due.format('YYYY-MM-DD'), note: note.trim() || undefined });
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
          <Select
            placeholder={t('reminders:item')}
            style={{ width: 160 }}
            value={kind}
            onChange={setKind}
            options={(kinds.data ?? []).filter((k) => k.subject === 'person' && k.active).map((k) => ({ value: k.code, label: k.name }))}
            data-testid="reminder-kind"
          />
          <Select placeholder={t('reminders:member')} style={{ width: 140 }} value={personId} onChange={setPersonId} options={members.map((m) => ({ value: m.id, label: m.name }))} data-testid="reminder-person" />
          <DatePicker value={due} onChange={setDue} placeholder={t('reminders:due-date')} data-testid="reminder-due" />
          <Input style={{ width: 200 }} maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('reminders:note-optional')} />
          <Button icon={<PlusOutlined />} disabled={!kind || !personId || !due} loading={create.isPending} onClick={() => void add()} data-testid="reminder-add">
            {t('reminders:record')}
          </Button>
        </Flex>
      )}
      <ReminderTable testId="household-reminders" items={list.data?.items ?? []} loading={list.isLoading} canDelete={canWrite} />
    </Flex>
  );
}
