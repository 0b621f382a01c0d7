import { useState } from 'react';
import { App, Card, List, Space, Typography } from 'antd';
import { errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import type { MediationCase } from '../../app/contract';
import { useSignedCopy } from './api';

/**
 * The signed copies of the agreement, per version: the scans or photos uploaded with the agreement step
 * or afterwards. Only who sees the case sees this card (the case itself answers 404 to anyone else).
 */
export function SignedCopies({ c }: { c: MediationCase }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const upload = useSignedCopy(c.id);
  const [busy, setBusy] = useState<number | null>(null);
  const send = async (version: number, files: File[]) => {
    if (!files.length) return;
    setBusy(version);
    try {
      await upload.mutateAsync({ version, files: files.slice(0, 4) });
      void message.success(t('mediation:signed-copy-uploaded'));
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card title={t('mediation:signed-agreement')} style={{ marginBottom: 16 }} data-testid="mediation-signed-copies">
      <List
        size="small"
        dataSource={c.agreements}
        renderItem={(a) => {
          const files = c.attachments.filter((f) => f.agreementVersion === a.version);
          return (
            <List.Item data-testid={`mediation-signed-v${a.version}`}>
              <Space direction="vertical" style={{ width: '100%' }}>
                <Typography.Text strong>{t('mediation:signed-copy-version', { version: a.version })}</Typography.Text>
                {files.length ? (
                  <Space wrap>
                    {files.map((f) => (
                      <a key={f.id} href={`/api/mediation/cases/${c.id}/attachments/${f.id}`} target="_blank" rel="noreferrer">
                        {f.filename}
                      </a>
                    ))}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{t('mediation:no-signed-copy-uploaded-yet')}</Typography.Text>
                )}
                <label>
                  <Typography.Text type="secondary">{busy === a.version ? t('mediation:uploading') : t('mediation:upload-the-signed-copy-scan-or-photo')}</Typography.Text>
                  <input
                    type="file"
                    accept="image/jpeg,image/png,image/webp"
                    multiple
                    disabled={busy !== null}
                    onChange={(e) => {
                      const chosen = [...(e.target.files ?? [])];
                      e.target.value = '';
                      void send(a.version, chosen);
                    }}
                    data-testid={`mediation-signed-upload-v${a.version}`}
                  />
                </label>
              </Space>
            </List.Item>
          );
        }}
      />
    </Card>
  );
}
