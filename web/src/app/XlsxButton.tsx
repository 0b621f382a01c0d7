/** Downloads a server-built Excel ledger (.xlsx) of what the caller may see. */
import { useState } from 'react';
import { App, Button } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { errorText } from './api';
import { downloadFile } from './download';
import type { Query } from './api';
import { useI18n } from './i18n';

export function XlsxButton({ path, query = {}, filename, testId }: { path: string; query?: Query; filename: string; testId?: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<FileExcelOutlined />}
      loading={busy}
      data-testid={testId}
      onClick={() => {
        setBusy(true);
        downloadFile(path, query, filename)
          .catch((e: unknown) => message.error(errorText(e)))
          .finally(() => setBusy(false));
      }}
    >
      {t('common:export-excel')}
    </Button>
  );
}
