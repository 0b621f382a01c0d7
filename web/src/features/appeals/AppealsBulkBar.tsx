/**
 * The appeals inbox's bulk actions (AppealsPage) on the ticked rows: accept the registered ones,
 * dispatch the accepted ones, export the ticked ones to the ledger.
 */
import { Button, Flex, Tooltip, Typography } from 'antd';
import { CheckOutlined, DownloadOutlined, SendOutlined } from '@ant-design/icons';
import { useI18n } from '../../app/i18n';
import type { AppealListItem } from '../../app/contract';

export function AppealsBulkBar({
  canAccept,
  canDispatch,
  canExport,
  selected,
  toAccept,
  toDispatch,
  exporting,
  onBulk,
  onExport,
}: {
  canAccept: boolean;
  canDispatch: boolean;
  canExport: boolean;
  selected: AppealListItem[];
  toAccept: AppealListItem[];
  toDispatch: AppealListItem[];
  exporting: boolean;
  onBulk: (kind: 'accept' | 'dispatch') => void;
  onExport: () => void;
}) {
  const { t } = useI18n();
  return (
    <Flex align="center" gap={12} wrap style={{ marginBottom: 12 }}>
      {canAccept && (
        <Tooltip title={t('appeals:accept-the-registered-appeals-among-those-chosen')}>
          <Button icon={<CheckOutlined />} disabled={!toAccept.length} onClick={() => onBulk('accept')} data-testid="bulk-accept">
            {t('appeals:accept-selected')}
            {toAccept.length ? `（${toAccept.length}）` : ''}
          </Button>
        </Tooltip>
      )}
      {canDispatch && (
        <Tooltip title={t('appeals:choose-accepted-appeals-to-dispatch-them-to-one')}>
          <Button icon={<SendOutlined />} disabled={!toDispatch.length} onClick={() => onBulk('dispatch')} data-testid="bulk-dispatch">
            {t('appeals:dispatch-selected')}
            {toDispatch.length ? `（${toDispatch.length}）` : ''}
          </Button>
        </Tooltip>
      )}
      {canExport && (
        <Button
          icon={<DownloadOutlined />}
          disabled={!selected.length}
          loading={exporting}
          onClick={onExport}
          data-testid="bulk-export"
        >
          {t('appeals:export-selected')}
          {selected.length ? `（${selected.length}）` : ''}
        </Button>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('appeals:tick-appeals-to-accept-registered-ones-dispatch')}
      </Typography.Text>
    </Flex>
  );
}
