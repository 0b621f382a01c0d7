/**
 * /w/topic/:householdId — a topic proposed at the door: the grid worker picks the member of the household
 * who proposes it and writes it down; it goes onto the next meeting of a place holding the household, for
 * the convener to accept or decline (online only). The proposer's name is shown masked to the convener.
 */
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Button, Input, Radio, Space, TextArea } from 'antd-mobile';
import type { DoorTopicResult, HouseholdDetail } from '../../app/contract';
import { useI18n } from '../../shared/i18n';
import { errorText, workerApi } from './api';

export default function TopicPage() {
  const { t } = useI18n();
  const { householdId = '' } = useParams();
  const [household, setHousehold] = useState<HouseholdDetail | null>(null);
  const [personId, setPersonId] = useState<string>();
  const [title, setTitle] = useState('');
  const [detail, setDetail] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<DoorTopicResult | null>(null);

  useEffect(() => {
    workerApi.household(householdId).then(setHousehold, (e: unknown) => setError(errorText(e)));
  }, [householdId]);

  const submit = async () => {
    if (!personId || !title.trim()) return;
    setBusy(true);
    setError('');
    try {
      setDone(await workerApi.proposeTopic({ personId, title: title.trim(), ...(detail.trim() ? { detail: detail.trim() } : {}) }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="w-form" data-testid="topic-form">
      <Link to={`/w/visit/${householdId}`} className="w-back">
        {t('worker:back-to-the-visit')}
      </Link>
      <section className="m-card">
        <h2 className="m-card-title">{t('worker:a-resident-proposes-a-topic')}</h2>
        {household && <p className="m-muted">{household.address}</p>}
        {done ? (
          <div data-testid="topic-done">
            <p>{t('worker:sent-to-meetingtitle-on-meetingdate-the-convener', { meetingDate: done.meetingDate, meetingTitle: done.meetingTitle })}</p>
            <Button block onClick={() => (setDone(null), setTitle(''), setDetail(''), setPersonId(undefined))}>
              {t('worker:another-topic')}
            </Button>
          </div>
        ) : (
          <Space direction="vertical" block>
            <div>{t('worker:proposed-by')}</div>
            <Radio.Group value={personId} onChange={(v) => setPersonId(String(v))}>
              <Space direction="vertical">
                {(household?.members ?? []).map((m) => (
                  <Radio key={m.id} value={m.id} data-testid={`topic-member-${m.id}`}>
                    {m.name}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
            <Input placeholder={t('worker:the-topic-e-g-the-stair-lights-of-building-3-are')} value={title} onChange={setTitle} maxLength={200} data-testid="topic-title" />
            <TextArea placeholder={t('worker:more-detail-optional')} value={detail} onChange={setDetail} maxLength={2000} rows={3} data-testid="topic-detail" />
            {error && (
              <div className="m-error" data-testid="topic-error">
                {error}
              </div>
            )}
            <Button color="primary" block loading={busy} disabled={!personId || !title.trim()} onClick={() => void submit()} data-testid="topic-submit">
              {t('mobile:send-the-topic')}
            </Button>
          </Space>
        )}
      </section>
    </div>
  );
}
