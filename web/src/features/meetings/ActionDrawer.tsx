import { useState } from 'react';
import type { UploadFile } from 'antd';
import { App, Button, Descriptions, Drawer, Input, InputNumber, Progress, Space, Tag, Timeline } from 'antd';
import { errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { Link } from 'react-router-dom';
import { PhotoUpload, toPhotoInputs } from '../appeals/photos';
import { CategorySelect } from '../orgs/CategorySelect';
import { MeetingPhotos } from './MeetingExtras';
import { useActionDetail, useActionStep, useSendToAppeals } from './api';
import { ACTION_STATUS_COLORS, LatenessTag } from './MeetingsPage';

/** One action: its owner, deadline, progress with dated updates, and the steps the caller may take. */
export function ActionDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const canWrite = hasAnyRole(user, ['admin', 'dispatcher', 'community_staff']);
  const action = useActionDetail(id);
  const step = useActionStep();
  const [progress, setProgress] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const [category, setCategory] = useState<string | undefined>();
  const send = useSendToAppeals();
  const sendToAppeals = async () => {
    try {
      const r = await send.mutateAsync({ id: id!, categoryCode: category! });
      await action.refetch();
      message.success(t('meetings:sent-into-the-appeal-loop-number', { number: r.number }));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const a = action.data;
  const run = async (body: Parameters<typeof step.mutateAsync>[0]['body']) => {
    try {
      // Progress photos (at most 4; shown on the public page, location data removed by the server).
      const withPhotos = body.step === 'drop' ? body : { ...body, photos: await toPhotoInputs(photos.slice(0, 4)) };
      await step.mutateAsync({ id: id!, body: withPhotos });
      await action.refetch();
      setNote('');
      setPhotos([]);
      setProgress(null);
      message.success(t('meetings:updated'));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Drawer open={!!id} onClose={onClose} width={520} title={a?.title ?? t('meetings:action')} destroyOnHidden>
      {a && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('meetings:owner')}>{a.ownerName}</Descriptions.Item>
            <Descriptions.Item label={t('meetings:deadline')}>{a.deadline}</Descriptions.Item>
            <Descriptions.Item label={t('meetings:status')}>
              <Space size={4}>
                <Tag color={ACTION_STATUS_COLORS[a.status]} data-testid="action-status">
                  {a.statusName}
                </Tag>
                <LatenessTag lateness={a.lateness} />
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('meetings:progress')}>
              <Progress percent={a.progress} size="small" />
            </Descriptions.Item>
            {a.reason && <Descriptions.Item label={t('meetings:reason')}>{a.reason}</Descriptions.Item>}
            {a.appealId && (
              <Descriptions.Item label={t('meetings:appeal')}>
                <Link to={`/appeals/${a.appealId}`}>{t('meetings:open-the-appeal-the-action-follows-its-outcome')}</Link>
              </Descriptions.Item>
            )}
          </Descriptions>
          <Timeline
            style={{ marginTop: 24 }}
            items={a.updates.map((u) => ({
              children: (
                <>
                  {`${formatTime(u.at)} · ${u.progress}%${u.note ? ` · ${u.note}` : ''}`}
                  <MeetingPhotos meetingId={a.meetingId} ids={u.photos} />
                </>
              ),
            }))}
          />
          {canWrite && a.steps.length > 0 && (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('meetings:note-or-the-reason-for-dropping')} rows={2} data-testid="action-note" />
              <PhotoUpload value={photos} onChange={setPhotos} testId="action-photos" />
              <Space wrap>
                <InputNumber min={0} max={100} value={progress} onChange={(v) => setProgress(v)} addonAfter="%" data-testid="action-progress" />
                <Button disabled={progress == null} onClick={() => run({ step: 'progress', progress: progress ?? 0, note: note || undefined })} data-testid="action-step-progress">
                  {t('meetings:update-progress')}
                </Button>
                <Button type="primary" onClick={() => run({ step: 'finish', note: note || undefined })} data-testid="action-step-finish">
                  {t('meetings:finish')}
                </Button>
                <Button danger onClick={() => run({ step: 'drop', reason: note || undefined })} data-testid="action-step-drop">
                  {t('meetings:drop')}
                </Button>
              </Space>
              {!a.appealId && (
                <Space.Compact style={{ width: '100%' }}>
                  <div style={{ flex: 1 }}>
                    <CategorySelect multiple={false} value={category} onChange={(v) => setCategory(typeof v === 'string' ? v : undefined)} placeholder={t('meetings:appeal-category')} />
                  </div>
                  <Button disabled={!category} loading={send.isPending} onClick={() => void sendToAppeals()} data-testid="action-to-appeal">
                    {t('meetings:send-into-the-appeal-loop')}
                  </Button>
                </Space.Compact>
              )}
            </Space>
          )}
        </>
      )}
    </Drawer>
  );
}
