import { useState } from 'react';
import { App, Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { downloadFile } from '../../app/download';
import type { Scope } from './api';

/** The workbook of the current filters: 覆盖率, 网格员走访, 逾期未访户. */
export function ExportVisitsButton({ scope }: { scope: Scope }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await downloadFile('/api/visits/export.xlsx', { ...scope }, `visits-${scope.from}-${scope.to}.xlsx`);
      message.success(t('visits:visits-workbook-exported'));
    } catch (e) {
      message.error(t('visits:export-failed-errortext', { errorText: errorText(e) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run()} data-testid="visits-export">
      {busy ? t('visits:exporting') : t('visits:export-excel')}
    </Button>
  );
}
