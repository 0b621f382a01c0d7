import { useState } from 'react';
import { App, Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { errorText } from './api';
import { exportCsv, type CsvColumn } from './export';
import { useI18n } from './i18n';
import type { Page } from './contract';

/** Exports the rows matching the current filters as CSV, showing progress while pages load. */
export function ExportButton<T>({
  filename,
  columns,
  fetchPage,
}: {
  filename: string;
  columns: CsvColumn<T>[];
  fetchPage: (page: number, pageSize: number) => Promise<Page<T>>;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [progress, setProgress] = useState<string | null>(null);
  const run = async () => {
    setProgress('0%');
    try {
      const n = await exportCsv(filename, columns, fetchPage, (done, total) => setProgress(total ? `${Math.round((done / total) * 100)}%` : '100%'));
      message.success(t('common:exported-n-rows', { n }));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setProgress(null);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={progress !== null} onClick={() => void run()}>
      {progress !== null ? `${t('common:exporting')} ${progress}` : t('common:export')}
    </Button>
  );
}
