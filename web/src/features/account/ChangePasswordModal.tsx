import { Modal } from 'antd';
import { useI18n } from '../../app/i18n';
import { ChangePasswordForm } from './ChangePasswordForm';

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal open={open} onCancel={onClose} title={t('common:change-password')} footer={null} destroyOnHidden>
      <ChangePasswordForm onDone={onClose} />
    </Modal>
  );
}
