import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Button, DotLoading, ProgressBar, Tag, TextArea } from 'antd-mobile';
import type { PublicMeetings } from '../app/contract';
import { useI18n } from '../shared/i18n';
import { publicApi, PublicError } from './api';
import { MobileShell, PlaceHeader } from './MobileShell';

/** /r/<community code>/meetings — the community's report-back: meetings, decisions, actions and progress. No personal data. */
export default function MeetingsPublicPage() {
  const { code = '' } = useParams<{ code: string }>();
  const { t } = useI18n();
  const [page, setPage] = useState<PublicMeetings | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    document.title = t('mobile:community-deliberation');
    publicApi
      .meetings(code)
      .then(setPage)
      .catch((e: unknown) => setError(e instanceof PublicError ? e.message : String(e)));
  }, [code, t]);
  const [topic, setTopic] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const [topicError, setTopicError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const propose = async () => {
    setSending(true);
    setTopicError(null);
    try {
      const r = await publicApi.proposeTopic(code, topic.trim());
      setSent(t('mobile:sent-the-convener-will-consider-it-at', { meetingDate: r.meetingDate, meetingTitle: r.meetingTitle }));
      setTopic('');
    } catch (e) {
      setTopicError(e instanceof PublicError ? e.message : String(e));
    } finally {
      setSending(false);
    }
  };
  const held = page?.meetings.filter((m) => m.status === 'held') ?? [];
  const upcoming = page?.meetings.filter((m) => m.status === 'scheduled' || m.status === 'postponed').reverse() ?? [];
  return (
    <MobileShell>
      <PlaceHeader title={page?.name ?? t('mobile:community-deliberation')} subtitle={t('mobile:meetings-decisions-and-how-they-are-carried-out')} testId="public-meetings" />
      <div className="m-body">
        {error && <div className="m-card m-error">{error}</div>}
        {!page && !error && (
          <div className="m-center">
            <DotLoading />
          </div>
        )}
        {upcoming.length > 0 && (
          <div className="m-card">
            <div className="m-card-title">{t('mobile:coming-meetings')}</div>
            {upcoming.map((m) => (
              <div key={m.id} className="m-row">
                {m.date} · {m.title}
                {m.status === 'postponed' && <Tag color="warning">{m.statusName}</Tag>}
              </div>
            ))}
          </div>
        )}
        {page && held.length === 0 && <div className="m-card m-muted">{t('mobile:no-meetings-held-yet')}</div>}
        {held.map((m) => (
          <div key={m.id} className="m-card" data-testid={`public-meeting-${m.date}`}>
            <div className="m-card-title">
              {m.date} · {m.title}
            </div>
            <div className="m-small m-muted">{m.kindName}</div>
            {m.decisions.length === 0 && <div className="m-small m-muted">{t('mobile:no-decisions-at-this-meeting')}</div>}
            {m.decisions.map((d, i) => (
              <div key={i} style={{ marginTop: 8 }}>
                <div>
                  {t('mobile:decision')}
                  {d.text}
                </div>
                <div className="m-small m-muted">
                  {d.method === 'consensus'
                    ? t('mobile:by-consensus')
                    : t('mobile:show-of-hands-votesfor-for-votesagainst-against', { votesFor: d.votesFor ?? 0, votesAgainst: d.votesAgainst ?? 0, votesAbstain: d.votesAbstain ?? 0 })}
                </div>
                {d.actions.map((a) => (
                  <div key={a.id} style={{ margin: '8px 0 0 8px' }} data-testid={`public-action-${a.title}`}>
                    <div>
                      {a.title}{' '}
                      <Tag color={a.status === 'done' ? 'success' : a.lateness === 'overdue' ? 'danger' : 'primary'} data-testid="public-action-status">
                        {a.statusName}
                      </Tag>
                      {a.lateness === 'overdue' && <Tag color="danger">{t('mobile:overdue')}</Tag>}
                    </div>
                    <div className="m-small m-muted">
                      {t('mobile:owner-owner-due-deadline', { owner: a.owner, deadline: a.deadline })}
                      {a.doneOn && t('mobile:done-doneon', { doneOn: a.doneOn })}
                    </div>
                    <ProgressBar percent={a.progress} text />
                    {a.updates.some((u) => u.photos.length > 0) && (
                      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, marginTop: 4 }}>
                        {a.updates
                          .flatMap((u) => u.photos)
                          .map((id) => (
                            <img key={id} src={`/api/public/meetings/${encodeURIComponent(code)}/photos/${id}`} alt="" loading="lazy" style={{ width: 64, height: 64, objectFit: 'cover', borderRadius: 4 }} data-testid="public-action-photo" />
                          ))}
                      </div>
                    )}
                  </div>
                ))}
              </div>
            ))}
          </div>
        ))}
        {page && (
          <div className="m-card">
            <div className="m-card-title">{t('mobile:propose-a-topic')}</div>
            <div className="m-small m-muted">{t('mobile:be-concrete-e-g-the-street-lamp-before-building')}</div>
            {sent ? (
              <div className="m-ok" data-testid="topic-sent">
                {sent}
              </div>
            ) : (
              <>
                <TextArea value={topic} onChange={setTopic} maxLength={100} rows={2} showCount placeholder={t('mobile:what-should-the-meeting-talk-about')} data-testid="public-topic" />
                {topicError && <div className="m-field-error">{topicError}</div>}
                <Button block color="primary" disabled={topic.trim().length < 4} loading={sending} onClick={() => void propose()} data-testid="public-topic-submit">
                  {t('mobile:send-the-topic')}
                </Button>
              </>
            )}
          </div>
        )}
        <Link to={`/r/${code}`} className="m-back">
          {t('mobile:raise-an-appeal-2')}
        </Link>
      </div>
    </MobileShell>
  );
}
