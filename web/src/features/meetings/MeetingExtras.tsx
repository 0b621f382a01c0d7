import { useState } from 'react';
import { App, Button, Card, Form, Image, Input, Select, Space, Typography } from 'antd';
import type { UploadFile } from 'antd';
import { errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import type { MeetingDetail, ResidentCandidate } from '../../app/contract';
import { PhotoUpload, toPhotoInputs } from '../appeals/photos';
import { residentCandidates, useAddMinutesPhotos, useInviteParticipant } from './api';

/** Thumbnails of a meeting's photos (served to signed-in staff of the place only). */
export function MeetingPhotos({ meetingId, ids }: { meetingId: string; ids: string[] }) {
  if (!ids.length) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap size={8}>
        {ids.map((id) => (
          <Image key={id} src={`/api/meetings/${meetingId}/files/${id}`} width={72} height={72} style={{ objectFit: 'cover' }} data-testid="meeting-photo" />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

/** Photos of the minutes (a signed sheet, the board): at most 4 at a time, location data removed by the server. */
export function MinutesPhotos({ m, canWrite }: { m: MeetingDetail; canWrite: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const add = useAddMinutesPhotos(m.id);
  if (!canWrite && !m.minutesPhotos.length) return null;
  const save = async () => {
    try {
      await add.mutateAsync((await toPhotoInputs(files.slice(0, 4)))!);
      setFiles([]);
      message.success(t('meetings:photos-saved'));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Card size="small" title={t('meetings:photos-of-the-minutes')} style={{ marginTop: 16 }}>
      <MeetingPhotos meetingId={m.id} ids={m.minutesPhotos.map((p) => p.id)} />
      {canWrite && (
        <div style={{ marginTop: 8 }}>
          <PhotoUpload value={files} onChange={setFiles} testId="minutes-photos" />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('meetings:up-to-4-at-a-time-jpeg-png-webp-5-mb-each')}
          </Typography.Paragraph>
          <Button disabled={!files.length} loading={add.isPending} onClick={() => void save()} data-testid="minutes-photos-save">
            {t('meetings:upload-the-photos')}
          </Button>
        </div>
      )}
    </Card>
  );
}

/**
 * Invites a resident representative: picked from the household files of the meeting's place (the name
 * comes from the file) or typed with a mobile; sealed by the server, shown masked.
 */
export function InviteRepresentative({ m }: { m: MeetingDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ label: string; personId?: string; name?: string; phone?: string }>();
  const [found, setFound] = useState<ResidentCandidate[]>([]);
  const personId = Form.useWatch('personId', form);
  const invite = useInviteParticipant(m.id);
  const search = (q: string) => {
    if (!q.trim()) return setFound([]);
    residentCandidates(m.id, q.trim()).then(setFound, (e: unknown) => message.error(errorText(e)));
  };
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await invite.mutateAsync(
        v.personId ? { party: 'resident_rep', label: v.label, personId: v.personId } : { party: 'resident_rep', label: v.label, name: v.name!, ...(v.phone ? { phone: v.phone } : {}) },
      );
      form.resetFields();
      setFound([]);
      message.success(t('meetings:invited'));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Form form={form} layout="inline" style={{ marginTop: 8, rowGap: 8 }}>
      <Form.Item name="label" rules={[{ required: true, whitespace: true }]}>
        <Input placeholder={t('meetings:e-g-building-3-representative')} style={{ width: 150 }} data-testid="invite-label" />
      </Form.Item>
      <Form.Item name="personId">
        <Select
          showSearch
          allowClear
          filterOption={false}
          onSearch={search}
          placeholder={t('meetings:from-the-household-files-type-a-surname')}
          style={{ width: 220 }}
          options={found.map((c) => ({ value: c.personId, label: `${c.name} · ${c.gridCode}` }))}
          data-testid="invite-person"
        />
      </Form.Item>
      {!personId && (
        <>
          <Form.Item name="name" rules={[{ required: true, whitespace: true }]}>
            <Input placeholder={t('meetings:name')} style={{ width: 90 }} data-testid="invite-name" />
          </Form.Item>
          <Form.Item name="phone">
            <Input placeholder={t('meetings:mobile-sms-reminders')} style={{ width: 150 }} data-testid="invite-phone" />
          </Form.Item>
        </>
      )}
      <Button onClick={() => void submit()} loading={invite.isPending} data-testid="invite-submit">
        {t('meetings:invite-a-representative')}
      </Button>
    </Form>
  );
}
