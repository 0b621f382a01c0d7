import { useEffect, useRef, useState } from 'react';
import { Button, Input, Steps, Tag, TextArea } from 'antd-mobile';
import { publicApi, PublicError, type Rating, type Tracking } from './api';
import { ErrorNotice } from './ErrorNotice';
import { formatTime, normaliseNumber, NUMBER_PATTERN, RATING_TEXT } from './format';
import { recentAppeals } from './recent';
import { lookup } from '../shared/lookup';

const NOT_FOUND_HINT = '请核对诉求编号（形如 360802-20260315-0007，提交成功时显示）和提交时所填手机号码的后四位。编号忘了？可以联系所在社区或网格员帮您查。';

type Query = { number: string; last4: string };

/** Enter the number and the last four digits → the plain-words timeline, the result and rating. */
export function TrackPanel({ initial, showTitle = true }: { initial?: Partial<Query>; showTitle?: boolean }) {
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
      const t = await publicApi.track(q.number, q.last4);
      setData({ q, t });
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
    if (!NUMBER_PATTERN.test(n)) return setInputError('诉求编号格式不对，应为 6 位-8 位-4 位数字，如 360802-20260315-0007');
    if (d.length !== 4) return setInputError('请填写手机号码的后四位数字');
    setInputError(null);
    setNumber(n);
    void run({ number: n, last4: d });
  };

  useEffect(() => {
    if (initial?.number && initial.last4) void run({ number: normaliseNumber(initial.number), last4: initial.last4 });
    // Only on first show.
  }, []);

  return (
    <>
      <div className="m-card" data-testid="track-form">
        {showTitle && <h3 className="m-card-title">查询办理进度</h3>}
        <label className="m-label" htmlFor="track-number" style={showTitle ? undefined : { marginTop: 0 }}>
          诉求编号
        </label>
        <Input
          id="track-number"
          className="m-input"
          placeholder="如 360802-20260315-0007"
          value={number}
          onChange={setNumber}
          clearable
          inputMode="numeric"
          data-testid="track-number"
        />
        {recent.length > 0 && !number && (
          <div className="m-recent">
            <span className="m-muted">本机提交过：</span>
            {recent.slice(0, 3).map((r) => (
              <a key={r.number} onClick={() => setNumber(r.number)} className="m-chip">
                {r.number}
              </a>
            ))}
          </div>
        )}
        <label className="m-label" htmlFor="track-last4">
          手机号后四位
        </label>
        <Input
          id="track-last4"
          className="m-input"
          placeholder="提交时所填手机号的后四位"
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
          查询
        </Button>
      </div>

      {error ? (
        <ErrorNotice
          error={error}
          testId="track-error"
          action={error instanceof PublicError && error.status === 404 ? <span>{NOT_FOUND_HINT}</span> : null}
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
  tracking: t,
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
  const finished = t.status === 'closed' || t.status === 'not_accepted' || t.status === 'merged';
  return (
    <div className="m-card" data-testid="track-result">
      <div className="m-result-head">
        <Tag color={statusColor(t.status)} fill="solid" data-testid="track-status" className="m-status">
          {t.statusText}
        </Tag>
        <span className="m-muted m-small">编号 {t.number}</span>
      </div>
      <h3 className="m-title" data-testid="track-title">
        {t.title}
      </h3>
      <div className="m-muted m-small">提交于 {formatTime(t.createdAt)}</div>

      {t.result && (
        <div className="m-outcome" data-testid="track-outcome">
          <div className="m-outcome-label">办理结果</div>
          <div>{t.result}</div>
        </div>
      )}

      <div className="m-section-title">办理经过</div>
      {t.timeline.length ? (
        <Steps direction="vertical" current={t.timeline.length - 1} data-testid="track-timeline" className="m-steps">
          {t.timeline.map((e, i) => (
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
                          <img src={publicApi.resultPhotoUrl(id, query.number, query.last4)} alt="办理结果照片" loading="lazy" />
                        </a>
                      ))}
                    </div>
                  )}
                </>
              }
              status={i === t.timeline.length - 1 && !finished ? 'process' : 'finish'}
            />
          ))}
        </Steps>
      ) : (
        <div className="m-muted">暂无办理记录</div>
      )}

      {t.canRate ? (
        <RatingBox query={query} onRated={onRated} />
      ) : t.rating ? (
        <div className="m-rated" data-testid="track-rated">
          您的评价：<b>{lookup(RATING_TEXT, t.rating) ?? t.rating}</b>
          {t.rating === 'dissatisfied' && t.status !== 'closed' ? '。我们将重新办理，请留意进度。' : '。感谢您的评价！'}
        </div>
      ) : null}

      {!finished && (
        <Button block fill="outline" loading={refreshing} onClick={onRefresh} style={{ marginTop: 16 }} data-testid="track-refresh">
          刷新进度
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

const CHOICES: { value: Rating; label: string }[] = [
  { value: 'satisfied', label: '满意' },
  { value: 'basically_satisfied', label: '基本满意' },
  { value: 'dissatisfied', label: '不满意' },
];

function RatingBox({ query, onRated }: { query: Query; onRated: (t: Tracking) => void }) {
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
        <h3>感谢您的评价！</h3>
        <p>
          您的评价：<b>{lookup(RATING_TEXT, thanks.rating ?? 'satisfied')}</b>
        </p>
        <p className="m-muted">
          {thanks.rating === 'dissatisfied'
            ? '我们会重新办理这件事，并再次告诉您结果。'
            : '您的评价会用于考核办理单位。有新的问题，随时扫码反映。'}
        </p>
        <Button block color="primary" onClick={() => onRated(thanks)} data-testid="rating-done">
          查看办理情况
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
      <div className="m-section-title">您对办理结果满意吗？</div>
      <div className="m-rating-choices">
        {CHOICES.map((c) => (
          <button
            key={c.value}
            type="button"
            className={`m-rating-choice${choice === c.value ? ' is-on' : ''}${c.value === 'dissatisfied' ? ' is-bad' : ''}`}
            aria-pressed={choice === c.value}
            onClick={() => setChoice(c.value)}
            data-testid={`rate-${c.value}`}
          >
            <Face rating={c.value} />
            {c.label}
          </button>
        ))}
      </div>
      {choice && (
        <TextArea
          className="m-comment"
          placeholder={choice === 'dissatisfied' ? '哪里不满意？说一说，我们会重新办理（可不填）' : '还想说点什么（可不填）'}
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
          action={error instanceof PublicError && error.status === 409 ? <span>请点“刷新进度”看看最新情况。</span> : null}
        />
      ) : null}
      <Button block color="primary" size="large" disabled={!choice} loading={sending} onClick={() => void send()} data-testid="rate-submit">
        提交评价
      </Button>
    </div>
  );
}
