import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Modal } from 'antd';
import { ApiError, errorText } from '../../../app/api';
import { useI18n } from '../../../app/i18n';
import { validValues } from '../../../app/validation';
import type { AppealAction, AppealActionBody, AppealDetail } from '../../../app/contract';
import { useAppealAction } from '../api';
import { ACTION_LABELS, DANGER_ACTIONS } from '../labels';
import { toPhotoInputs } from '../photos';
import { ActionFields } from './ActionFields';
import { bodyOf, defaults, WITH_PHOTOS, type Values } from './actionForm';

/** The form of one action, opened from the appeal page; sends the appeal's version with it. */
export function ActionModal({ appeal, action, initial, onClose }: { appeal: AppealDetail; action: AppealAction; initial?: Partial<Values>; onClose: () => void }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const act = useAppealAction(appeal.id);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    setError(null);
    let body: AppealActionBody;
    try {
      body = { version: appeal.version, ...bodyOf(action, v), photos: WITH_PHOTOS.has(action) ? await toPhotoInputs(v.photos) : undefined };
    } catch (e) {
      setError(errorText(e));
      return;
    }
    try {
      await act.mutateAsync({ action, body });
      message.success(t('appeals:action-done', { action: tl(ACTION_LABELS[action]) }));
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'stale_version') {
        message.warning(t('appeals:someone-else-has-just-changed-this-appeal-it-has'));
        onClose();
        return;
      }
      setError(errorText(e));
    }
  };

  return (
    <Modal
      open
      title={`${tl(ACTION_LABELS[action])} · ${appeal.number}`}
      onCancel={onClose}
      width={action === 'dispatch' ? 720 : 560}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('appeals:cancel')}</Button>
          <Button type="primary" danger={DANGER_ACTIONS.has(action)} loading={act.isPending} onClick={() => void submit()} data-testid="action-submit">
            {t('appeals:confirm')}
            {tl(ACTION_LABELS[action])}
          </Button>
        </Flex>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="action-error" />}
      <Form<Values> form={form} layout="vertical" requiredMark="optional" initialValues={defaults(action, appeal, initial)} style={{ marginTop: 12 }} data-testid={`action-form-${action}`}>
        <ActionFields action={action} appeal={appeal} />
      </Form>
    </Modal>
  );
}
