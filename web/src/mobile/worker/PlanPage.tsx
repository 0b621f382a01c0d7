/** 今日计划: today's households, grouped by visiting window (错时听诉), with what is done so far. */
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Button } from 'antd-mobile';
import type { PlanItem, VisitWindow } from '../../app/contract';
import { errorHint, errorText } from './api';
import { catalog as makeCatalog } from './catalog';
import { chinaClock, chinaToday, dayText } from './labels';
import { PlanItemCard } from './PlanItemCard';
import { refreshPackage } from './data';
import { ownQueue, useWorker } from './state';
import { SwapPopup } from './SwapPopup';
import { TodayVisitsCard } from './TodayVisitsCard';
import { DueDatesCard } from './DueDatesCard';
import { todaysVisits } from './todayVisits';
import { useI18n } from '../../shared/i18n';

interface Group {
  window: VisitWindow | null;
  code: string;
  items: PlanItem[];
}

function groupByWindow(items: PlanItem[], windows: VisitWindow[]): Group[] {
  const groups: Group[] = windows.map((w) => ({ window: w, code: w.code, items: items.filter((i) => i.window === w.code) }));
  const known = new Set(windows.map((w) => w.code));
  const rest = items.filter((i) => !known.has(i.window));
  if (rest.length) groups.push({ window: null, code: 'other', items: rest });
  return groups.filter((g) => g.items.length);
}

export default function PlanPage() {
  const s = useWorker();
  const { t, language } = useI18n();
  const [swapping, setSwapping] = useState<PlanItem | null>(null);
  const catalog = useMemo(() => makeCatalog(s.pkg, s.tags, s.vocabulary, language), [s.pkg, s.tags, s.vocabulary, language]);
  const pkg = s.pkg;

  if (!pkg) {
    return (
      <div className="m-card" data-testid="plan-empty">
        {s.loadingPackage ? (
          <p>{t('worker:downloading-todays-visit-plan')}</p>
        ) : (
          <>
            <h2 className="m-card-title">{t('worker:no-visit-plan-for-today-yet')}</h2>
            {s.online ? (
              <p>
                {s.packageError ? t('worker:the-plan-did-not-download-errortext', { errorText: errorText(s.packageError) }) : t('worker:the-plan-did-not-download')}
                {errorHint(s.packageError)}
              </p>
            ) : (
              <p>{t('worker:this-phone-has-not-downloaded-a-plan-yet-open')}</p>
            )}
            <Button color="primary" disabled={!s.online} onClick={() => void refreshPackage()} data-testid="plan-download">
              {s.online ? t('worker:download-again') : t('worker:waiting-for-a-network')}
            </Button>
          </>
        )}
      </div>
    );
  }

  const plan = pkg.plan;
  const today = chinaToday();
  const clock = chinaClock();
  const mine = ownQueue(s);
  const conflicts = mine.filter((q) => q.state === 'conflict').length;
  const failed = mine.filter((q) => q.state === 'failed').length;
  const notices = mine.filter((q) => q.state === 'notice').length;
  const groups = groupByWindow(plan.items, pkg.settings.windows);
  const todo = plan.counts.planned - plan.counts.visited - plan.counts.nobodyHome;

  return (
    <div data-testid="plan-page">
      <section className="m-card w-summary">
        <div className="w-summary-head">
          <div>
            <h2 className="m-card-title">{t('worker:visit-plan-for-daytext', { dayText: dayText(plan.date) })}</h2>
            <div className="m-muted m-small">
              {plan.workerName} · {t('worker:quota-households-a-day', { quota: plan.quota })}
              {plan.counts.ahead > 0 && (
                <span data-testid="plan-count-ahead"> · {t('worker:ahead-ahead-of-schedule-nothing-else-is-due-they', { ahead: plan.counts.ahead })}</span>
              )}
            </div>
          </div>
          <button type="button" className="w-link" disabled={!s.online || s.loadingPackage} onClick={() => void refreshPackage()} data-testid="plan-refresh">
            {s.loadingPackage ? t('worker:updating') : t('worker:update')}
          </button>
        </div>
        <div className="w-counts">
          <div data-testid="plan-count-planned">
            <b>{plan.counts.planned}</b>
            <span>{t('worker:planned')}</span>
          </div>
          <div data-testid="plan-count-visited">
            <b>{plan.counts.visited}</b>
            <span>{t('worker:visited')}</span>
          </div>
          <div data-testid="plan-count-nobody-home">
            <b>{plan.counts.nobodyHome}</b>
            <span>{t('worker:nobody-home')}</span>
          </div>
          <div data-testid="plan-count-todo">
            <b>{Math.max(0, todo)}</b>
            <span>{t('worker:to-visit')}</span>
          </div>
        </div>
      </section>

      {plan.date !== today && (
        <div className="w-notice is-warn" data-testid="plan-stale">
          {t('worker:this-is-the-plan-for-daytext', { dayText: dayText(plan.date) })}
          {s.online ? t('worker:updating-to-todays-plan') : t('worker:it-updates-to-todays-plan-once-online-visits')}
        </div>
      )}
      {(conflicts > 0 || failed > 0 || notices > 0) && (
        <Link to="/w/sync" className="w-notice is-error" data-testid="plan-sync-problems">
          {conflicts > 0 && t('worker:conflicts-household-file-changes-conflict-with', { conflicts })}
          {failed > 0 && t('worker:failed-visit-records-failed-to-upload-see-why', { failed })}
          {notices > 0 && t('worker:notices-appeals-raised-on-visits-were-not', { notices })}
          <span className="w-notice-go">{t('worker:resolve')}</span>
        </Link>
      )}

      {!plan.workingDay ? (
        <div className="m-card" data-testid="plan-rest-day">
          <h2 className="m-card-title">{t('worker:today-is-not-a-working-day')}</h2>
          <p>{t('worker:there-is-no-visit-plan-today-if-residents-need')}</p>
        </div>
      ) : !plan.items.length ? (
        <div className="m-card" data-testid="plan-no-items">
          <h2 className="m-card-title">{t('worker:todays-plan-is-empty')}</h2>
          {s.user?.roles.includes('grid_worker') ? (
            <p>{t('worker:no-household-in-your-grids-is-due-for-a-visit')}</p>
          ) : (
            <p>{t('worker:visiting-cadres-have-no-daily-plan-under')}</p>
          )}
        </div>
      ) : (
        groups.map((g) => {
          const now = g.window && g.window.start <= clock && clock < g.window.end;
          return (
            <section key={g.code} className="w-group" data-testid={`plan-window-${g.code}`}>
              <h3 className="w-group-title">
                {g.window ? g.window.name : t('worker:other-times')}
                {g.window && (
                  <span className="m-muted m-small">
                    {' '}
                    {g.window.start}–{g.window.end}
                  </span>
                )}
                {now && <span className="w-now">{t('worker:now')}</span>}
                <span className="w-group-count">{g.items.filter((i) => i.status === 'visited' || i.status === 'nobody_home').length}/{g.items.filter((i) => i.status !== 'swapped_out').length}</span>
              </h3>
              {g.items.map((item) => (
                <PlanItemCard key={item.id} item={item} catalog={catalog} onSwap={setSwapping} />
              ))}
            </section>
          );
        })
      )}
      <TodayVisitsCard entries={todaysVisits(pkg, mine)} />
      <DueDatesCard online={s.online} />
      <SwapPopup item={swapping} pkg={pkg} online={s.online} onClose={() => setSwapping(null)} />
    </div>
  );
}
