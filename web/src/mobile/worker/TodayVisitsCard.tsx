/** 今日已走访: the visits saved today (planned or not, uploaded or still on the phone), with the appeal each raised. */
import type { VisitFinding, VisitOutcome } from '../../app/contract';
import { useI18n } from '../../shared/i18n';
import { chinaTime, FINDING_LABELS, OUTCOME_LABELS } from './labels';
import type { TodayEntry } from './todayVisits';

export function TodayVisitsCard({ entries }: { entries: TodayEntry[] }) {
  const { t, tl } = useI18n();
  const stateText: Record<TodayEntry['state'], string> = {
    uploaded: t('worker:uploaded'),
    pending: t('worker:waiting-to-upload-2'),
    failed: t('worker:upload-failed'),
    conflict: t('worker:file-conflict'),
    notice: t('worker:appeal-not-registered'),
  };
  const appealText = (e: TodayEntry) => {
    if (e.appealNumber) return t('worker:appeal-no-appealnumber', { appealNumber: e.appealNumber });
    if (e.finding !== 'appeal' && e.finding !== 'on_spot') return null;
    if (e.state === 'pending' || e.state === 'failed') return t('worker:the-appeal-number-comes-once-uploaded');
    if (e.appealError) return t('worker:appeal-not-registered-appealerror', { appealError: e.appealError });
    return t('worker:the-appeal-is-being-registered-its-number-shows');
  };
  return (
    <section className="m-card w-today" data-testid="today-visits">
      <h2 className="m-card-title">
        {t('worker:visited-today')}
        <span className="w-group-count" data-testid="today-visits-count">
          {entries.length}
        </span>
      </h2>
      {!entries.length ? (
        <p className="m-muted m-small" data-testid="today-visits-empty">
          {t('worker:no-visit-saved-today-yet-visits-beside-the-plan')}
        </p>
      ) : (
        <ul className="w-today-list">
          {entries.map((e) => {
            const appeal = appealText(e);
            return (
              <li key={e.clientId} className="w-today-item" data-testid="today-visit" data-household-id={e.householdId} data-state={e.state}>
                <div className="w-item-head">
                  <span className="w-item-address">{e.householdAddress}</span>
                  <span className={`w-status ${e.state === 'uploaded' ? 'is-visited' : `is-q-${e.state}`}`} data-testid="today-visit-state">
                    {stateText[e.state]}
                  </span>
                </div>
                <div className="m-muted m-small">
                  {chinaTime(e.checkInAt).slice(11)} · {tl(OUTCOME_LABELS[e.outcome as VisitOutcome], e.outcome)}
                  {e.outcome === 'met' ? ` · ${tl(FINDING_LABELS[e.finding as VisitFinding], e.finding)}` : ''} · {e.planned ? t('worker:on-the-plan') : t('worker:beside-the-plan')}
                </div>
                {appeal && (
                  <div className={e.appealNumber ? 'w-today-appeal' : 'm-muted m-small'} data-testid="today-visit-appeal">
                    {appeal}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
