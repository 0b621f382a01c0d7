import { useEffect, useRef, useState } from 'react';
import { Button, Input, Steps, Tag, TextArea } from 'antd-mobile';
import { publicApi, PublicError, type Rating, type Tracking } from './api';
import { ErrorNotice } from './ErrorNotice';
import { formatTime, normaliseNumber, NUMBER_PATTERN, RATING_LABELS } from './format';
import { useI18n } from '../shared/i18n';
import { recentAppeals } from './recent';
import { lookup } from '../shared/lookup';

type Query = { number: string; last4: string };

/** Enter the number and the last four digits → the plain-words timeline, the result and rating. */
export function TrackPanel({ initial, showTitle = true }: { initial?: Partial<Query>; showTitle?: boolean }) {
  const { t } = useI18n();
  const [number, setNumber] = useState(initial?.number ?? '');
  const [last4, setLast4] = useState(initial?.last4 ?? '');
  const [inputError, setInputError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [data, setData] = useState<{ q: Query; t: Tracking } | null>(null);
  const recent = useRef(recentAppeals()).current;
  const resultRef = useRef<HTMLDivElement>(null);

  const run = async (q: Query) => {
    setLoading(true);
    setError(null);
    try {
      const tracking = await publicApi.track(q.number, q.last4);
      setData({ q, t: tracking });
      requestAnimationFrame(() => resultRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
    } catch (e) {
      setData(null);
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  const submit = () => {
    const n = normaliseNumber(number);
    const d = last4.replace(/\D/g, '');
    if (!NUMBER_PATTERN.test(n)) return setInputError(t('mobile:the-appeal-number-should-be-6-8-and-4-digits'));
    if (d.length !== 4) return setInputError(t('mobile:enter-the-last-four-digits-of-your-phone-number'));
    setInputError(null);
    setNumber(n);
    void run({ number: n, last4: d });
  };

  useEffect(() => {
    if (initial?.number && initial.last4) void run({ number: normaliseNumber(initial.number), last4: initial.last4 });
    // Only on first show: the link's number is looked up once, later edits go through submit().
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <>
      <div className="m-card" data-testid="track-form">
        {showTitle && <h3 className="m-card-title">{t('mobile:track-an-appeal')}</h3>}
        <label className="m-label" htmlFor="track-number" style={showTitle ? undefined : { marginTop: 0 }}>
          {t('mobile:appeal-number')}
        </label>
        <Input
          id="track-number"
          className="m-input"
          placeholder={t('mobile:e-g-360802-20260315-0007')}
          value={number}
          onChange={setNumber}
          clearable
          inputMode="numeric"
          data-testid="track-number"
        />
        {recent.length > 0 && !number && (
          <div className="m-recent">
            <span className="m-muted">{t('mobile:sent-from-this-phone')}</span>
            {recent.slice(0, 3).map((r) => (
              <a key={r.number} onClick={() => setNumber(r.number)} className="m-chip">
                {r.number}
              </a>
            ))}
          </div>
        )}
        <label className="m-label" htmlFor="track-last4">
          {t('mobile:last-four-digits-of-your-phone')}
        </label>
        <Input
          id="track-last4"
          className="m-input"
          placeholder={t('mobile:of-the-number-you-gave-when-you-submitted')}
          value={last4}
          onChange={(v) => setLast4(v.replace(/\D/g, '').slice(0, 4))}
          maxLength={4}
          inputMode="numeric"
          type="tel"
          data-testid="track-last4"
          onEnterPress={submit}
        />
        {inputError && (
          <div className="m-field-error" data-testid="track-input-error">
            {inputError}
          </div>
        )}
        <Button block color="primary" size="large" loading={loading} onClick={submit} style={{ marginTop: 16 }} data-testid="track-submit">
          {t('mobile:look-up')}
        </Button>
      </div>

      {error ? (
        <ErrorNotice
          error={error}
          testId="track-error"
          action={error instanceof PublicError && error.status === 404 ? <span>{t('mobile:check-the-appeal-number-like-360802-20260315')}</span> : null}
        />
      ) : null}

      <div ref={resultRef}>{data && <TrackResult key={data.t.number} query={data.q} tracking={data.t} onRefresh={() => void run(data.q)} onRated={(t) => setData({ q: data.q, t })} refreshing={loading} />}</div>
    </>
  );
}

function statusColor(status: string): string {
  if (status === 'closed') return 'success';
  if (status === 'feedback_given') return 'warning';
  if (status === 'not_accepted') return 'default';
  return 'primary';
}

function TrackResult({
  query,
  tracking,
  onRefresh,
  onRated,
  refreshing,
}: {
  query: Query;
  tracking: Tracking;
  onRefresh: () => void;
  onRated: (t: Tracking) => void;
  refreshing: boolean;
}) {
  const { t, tl } = useI18n();
  const finished = tracking.status === 'closed' || tracking.status === 'not_accepted' || tracking.status === 'merged';
  return (
    <div className="m-card" data-testid="track-result">
      <div className="m-result-head">
        <Tag color={statusColor(tracking.status)} fill="solid" data-testid="track-status" className="m-status">
          {tracking.statusText}
        </Tag>
        <span className="m-muted m-small">{t('mobile:no-number', { number: tracking.number })}</span>
      </div>
      <h3 className="m-title" data-testid="track-title">
        {tracking.title}
      </h3>
      <div className="m-muted m-small">{t('mobile:submitted-formattime', { formatTime: formatTime(tracking.createdAt) })}</div>

      {tracking.result && (
        <div className="m-outcome" data-testid="track-outcome">
          <div className="m-outcome-label">{t('mobile:outcome')}</div>
          <div>{tracking.result}</div>
        </div>
      )}

      <div className="m-section-title">{t('mobile:what-has-been-done')}</div>
      {tracking.timeline.length ? (
        <Steps direction="vertical" current={tracking.timeline.length - 1} data-testid="track-timeline" className="m-steps">
          {tracking.timeline.map((e, i) => (
            <Steps.Step
              key={`${e.at}-${i}`}
              title={<span className="m-step-text">{e.text}</span>}
              description={
                <>
                  {formatTime(e.at)}
                  {e.photos.length > 0 && (
                    <div className="m-result-photos" data-testid="track-result-photos">
                      {e.photos.map((id) => (
                        <a key={id} href={publicApi.resultPhotoUrl(id, query.number, query.last4)} target="_blank" rel="noreferrer">
                          <img src={publicApi.resultPhotoUrl(id, query.number, query.last4)} alt={t('mobile:photo-of-the-result')} loading="lazy" />
                        </a>
                      ))}
                    </div>
                  )}
                </>
              }
              status={i === tracking.timeline.length - 1 && !finished ? 'process' : 'finish'}
            />
          ))}
        </Steps>
      ) : (
        <div className="m-muted">{t('mobile:nothing-recorded-yet')}</div>
      )}

      {tracking.canRate ? (
        <RatingBox query={query} onRated={onRated} />
      ) : tracking.rating ? (
        <div className="m-rated" data-testid="track-rated">
          {t('mobile:your-rating')}<b>{tl(lookup(RATING_LABELS, tracking.rating), tracking.rating)}</b>
          {tracking.rating === 'dissatisfied' && tracking.status !== 'closed' ? t('mobile:it-will-be-handled-again-watch-its-progress-here') : t('mobile:thank-you-for-rating-it')}
        </div>
      ) : null}

      {!finished && (
        <Button block fill="outline" loading={refreshing} onClick={onRefresh} style={{ marginTop: 16 }} data-testid="track-refresh">
          {t('mobile:refresh')}
        </Button>
      )}
    </div>
  );
}

/** Mouths for the three faces: a smile, a straight line, a frown (emoji fonts vary between phones). */
const MOUTHS: Record<Rating, string> = {
  satisfied: 'M8 14.5c1.2 1.8 2.6 2.6 4 2.6s2.8-.8 4-2.6',
  basically_satisfied: 'M8.5 15.5h7',
  dissatisfied: 'M8 17c1.2-1.7 2.6-2.5 4-2.5s2.8.8 4 2.5',
};

function Face({ rating }: { rating: Rating }) {
  return (
    <svg className="m-face" viewBox="0 0 24 24" width="30" height="30" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round">
      <circle cx="12" cy="12" r="10" />
      <circle cx="8.7" cy="9.5" r="1.1" fill="currentColor" stroke="none" />
      <circle cx="15.3" cy="9.5" r="1.1" fill="currentColor" stroke="none" />
      <path d={MOUTHS[rating]} />
    </svg>
  );
}

const CHOICES: Rating[] = ['satisfied', 'basically_satisfied', 'dissatisfied'];

function RatingBox({ query, onRated }: { query: Query; onRated: (t: Tracking) => void }) {
  const { t, tl } = useI18n();
  const [choice, setChoice] = useState<Rating | null>(null);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [thanks, setThanks] = useState<Tracking | null>(null);

  if (thanks) {
    return (
      <div className="m-thanks" data-testid="rating-thanks">
        <div className="m-success-icon" aria-hidden="true">
          ✓
        </div>
        <h3>{t('mobile:thank-you-for-your-rating')}</h3>
        <p>
          {t('mobile:your-rating')}<b>{tl(lookup(RATING_LABELS, thanks.rating ?? 'satisfied'))}</b>
        </p>
        <p className="m-muted">
          {thanks.rating === 'dissatisfied'
            ? t('mobile:it-will-be-handled-again-and-you-will-be-told')
            : t('mobile:your-rating-counts-in-the-handling-offices')}
        </p>
        <Button block color="primary" onClick={() => onRated(thanks)} data-testid="rating-done">
          {t('mobile:see-the-appeal')}
        </Button>
      </div>
    );
  }

  const send = async () => {
    if (!choice) return;
    setSending(true);
    setError(null);
    try {
      setThanks(await publicApi.rate(query.number, query.last4, choice, comment.trim() || undefined));
    } catch (e) {
      setError(e);
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="m-rating" data-testid="rating-box">
      <div className="m-section-title">{t('mobile:are-you-satisfied-with-the-outcome')}</div>
      <div className="m-rating-choices">
        {CHOICES.map((c) => (
          <button
            key={c}
            type="button"
            className={`m-rating-choice${choice === c ? ' is-on' : ''}${c === 'dissatisfied' ? ' is-bad' : ''}`}
            aria-pressed={choice === c}
            onClick={() => setChoice(c)}
            data-testid={`rate-${c}`}
          >
            <Face rating={c} />
            {tl(RATING_LABELS[c])}
          </button>
        ))}
      </div>
      {choice && (
        <TextArea
          className="m-comment"
          placeholder={choice === 'dissatisfied' ? t('mobile:what-are-you-not-satisfied-with-tell-us-and-it') : t('mobile:anything-else-to-say-optional')}
          value={comment}
          onChange={setComment}
          maxLength={500}
          showCount
          autoSize={{ minRows: 2, maxRows: 5 }}
          data-testid="rate-comment"
        />
      )}
      {error ? (
        <ErrorNotice
          error={error}
          testId="rating-error"
          action={error instanceof PublicError && error.status === 409 ? <span>{t('mobile:tap-refresh-to-see-the-latest')}</span> : null}
        />
      ) : null}
      <Button block color="primary" size="large" disabled={!choice} loading={sending} onClick={() => void send()} data-testid="rate-submit">
        {t('mobile:send-rating')}
      </Button>
    </div>
  );
}
