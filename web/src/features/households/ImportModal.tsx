import { useEffect, useState } from 'react';
import { Alert, Button, Modal, Progress, Radio, Space, Table, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { getImportErrors, getImportJob, uploadRoster, type ImportError, type ImportJob } from './api';

const FINISHED = ['done', 'rejected', 'failed'];

/** Upload a roster, watch its progress, and read (or download) the rows that were refused. */
export function ImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, language } = useI18n();
  const qc = useQueryClient();
  const [mode, setMode] = useState<'all_or_nothing' | 'valid_rows'>('all_or_nothing');
  const [job, setJob] = useState<ImportJob | null>(null);
  const [errors, setErrors] = useState<ImportError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);

  useEffect(() => {
    if (!job || FINISHED.includes(job.status)) return;
    const timer = setTimeout(async () => {
      try {
        const next = await getImportJob(job.id);
        setJob(next);
        if (FINISHED.includes(next.status)) {
          if (next.errorRows) setErrors(await getImportErrors(next.id));
          void qc.invalidateQueries({ queryKey: ['households'] });
        }
      } catch (e) {
        setFailure(errorText(e));
      }
    }, 500);
    return () => clearTimeout(timer);
  }, [job, qc]);

  const reset = () => {
    setJob(null);
    setErrors([]);
    setFailure(null);
  };
  const phase: Record<string, string> = {
    parsing: t('households:reading'),
    validating: t('households:checking-every-row'),
    writing: t('households:saving'),
    done: t('households:done'),
    rejected: t('households:refused-errors'),
    failed: t('households:failed'),
  };
  const percent = job ? (FINISHED.includes(job.status) ? 100 : job.total ? Math.round((job.done / job.total) * 100) : 0) : 0;

  return (
    <Modal
      open={open}
      width={760}
      title={t('households:import-a-roster')}
      onCancel={() => {
        reset();
        onClose();
      }}
      footer={
        <Button
          onClick={() => {
            reset();
            onClose();
          }}
        >
          {t('households:close')}
        </Button>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)} disabled={!!job && !FINISHED.includes(job.status)}>
          <Radio value="all_or_nothing">{t('households:all-or-nothing')}</Radio>
          <Radio value="valid_rows">{t('households:only-the-valid-rows')}</Radio>
        </Radio.Group>
        <Upload.Dragger
          accept=".xlsx"
          showUploadList={false}
          disabled={uploading || (!!job && !FINISHED.includes(job.status))}
          customRequest={async ({ file }) => {
            reset();
            setUploading(true);
            try {
              setJob(await uploadRoster(file as File, mode));
            } catch (e) {
              setFailure(errorText(e));
            } finally {
              setUploading(false);
            }
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>{t('households:click-or-drop-an-xlsx-file-use-the-template')}</p>
        </Upload.Dragger>
        {failure && <Alert type="error" showIcon message={failure} />}
        {job && (
          <div data-testid="import-status" data-status={job.status}>
            <Progress percent={percent} status={job.status === 'failed' || job.status === 'rejected' ? 'exception' : job.status === 'done' ? 'success' : 'active'} />
            <div>
              {phase[job.status]}
              {/* While the file is read its row count is not known yet: the rows read so far. */}
              {job.total ? ` · ${job.done}/${job.total}` : job.done ? ` · ${job.done}` : ''}
            </div>
            {job.status === 'done' && (
              <Alert
                type={job.errorRows ? 'warning' : 'success'}
                showIcon
                message={t('households:created-householdscreated-households', { householdsCreated: job.householdsCreated, peopleCreated: job.peopleCreated, householdsUpdated: job.householdsUpdated, peopleUpdated: job.peopleUpdated, unchanged: job.unchanged, errorRows: job.errorRows })}
              />
            )}
            {job.message && <Alert type="error" showIcon message={job.message} />}
          </div>
        )}
        {errors.length > 0 && (
          <>
            <Button href={`/api/households/imports/${job!.id}/errors.xlsx`}>{t('households:download-the-error-report-excel')}</Button>
            <Table<ImportError>
              size="small"
              rowKey={(e) => `${e.row}:${e.column}:${e.reason}`}
              dataSource={errors}
              pagination={{ pageSize: 10 }}
              columns={[
                { title: t('households:row'), dataIndex: 'row', width: 60 },
                { title: t('households:column'), dataIndex: 'column', width: 110 },
                { title: t('households:reason'), render: (_: unknown, e) => (language === 'en' ? e.reasonEn : e.reason) },
              ]}
            />
          </>
        )}
      </Space>
    </Modal>
  );
}
