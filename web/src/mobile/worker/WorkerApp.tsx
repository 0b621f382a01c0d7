/**
 * 听诉·网格员: the grid worker's phone app for 入户听诉 (door-to-door listening), mounted at /w/*.
 * Works a whole day without signal: today's package and the visits logged wait in IndexedDB, and the
 * queue uploads them when the network returns. Lazy-loaded, so antd-mobile stays out of the console.
 */
import { useEffect } from 'react';
import { Link, Navigate, NavLink, Route, Routes } from 'react-router-dom';
import { Button, ConfigProvider, Dialog } from 'antd-mobile';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import enUS from 'antd-mobile/es/locales/en-US';
import '../antdMobileRender';
import { LanguageToggle } from '../LanguageToggle';
import { chinaToday } from './labels';
import HouseholdsPage from './HouseholdsPage';
import LoginPage from './LoginPage';
import PlanPage from './PlanPage';
import { installPwa } from './pwa';
import { refreshPackage } from './data';
import { setOnline, signInAgain, signOut, start } from './session';
import { canVisit, ownQueue, useWorker, workerState } from './state';
import { sync } from './sync';
import SyncPage from './SyncPage';
import VisitPage from './VisitForm';
import WishPage from './WishPage';
import TopicPage from './TopicPage';
import WishSignPage from './WishSignPage';
import '../mobile.css';
import './worker.css';
import { useI18n } from '../../shared/i18n';


const TICK_MS = 30_000;
/** A plan from another day is fetched again at most this often (the server decides what today is). */
const STALE_RETRY_MS = 10 * 60_000;
let lastStaleTry = 0;

/** Every 30 s, and when the phone wakes the page: upload what waits; replace a plan from another day. */
function tick() {
  const s = workerState();
  if (!s.online || s.phase !== 'ready') return;
  if (ownQueue(s).some((q) => q.state === 'pending')) void sync();
  else if (s.pkg && s.pkg.plan.date !== chinaToday() && !s.loadingPackage && Date.now() - lastStaleTry > STALE_RETRY_MS) {
    lastStaleTry = Date.now();
    void refreshPackage();
  }
}

function Header() {
  const { t } = useI18n();
  const s = useWorker();
  const mine = ownQueue(s);
  const waiting = mine.length;
  const problems = mine.filter((q) => q.state !== 'pending').length;
  const leave = async () => {
    const pending = mine.filter((q) => q.state !== 'conflict').length;
    const ok = await Dialog.confirm({
      title: t('worker:sign-out-2'),
      content: pending ? t('worker:pending-visit-records-are-not-uploaded-yet-they', { pending }) : t('worker:signing-in-again-will-need-a-network-connection'),
      confirmText: t('worker:sign-out'),
      cancelText: t('worker:cancel'),
    });
    if (ok) await signOut();
  };
  return (
    <header className="w-header">
      <div className="w-header-row">
        <span className="m-logo" aria-hidden="true">
          听
        </span>
        <strong className="w-title">{t('worker:tingsu-grid-worker')}</strong>
        {!s.online && (
          <span className="w-offline" data-testid="offline-badge">
            {t('worker:offline')}
          </span>
        )}
        <Link to="/w/sync" className={`w-sync-badge${problems ? ' has-problem' : ''}`} data-testid="sync-badge" aria-label={t('worker:sync-waiting-waiting', { waiting })}>
          {s.syncing ? t('worker:syncing-2') : t('worker:sync')}
          <b data-testid="sync-count">{waiting}</b>
        </Link>
        <LanguageToggle className="w-lang" />
      </div>
      {s.user && (
        <div className="w-header-sub">
          {s.user.displayName} · {s.user.regionName.split(' / ').at(-1) || t('worker:whole-installation')}
          {s.phase === 'ready' && (
            <button type="button" className="w-link is-light" onClick={() => void leave()} data-testid="worker-logout">
              {t('worker:sign-out')}
            </button>
          )}
        </div>
      )}
    </header>
  );
}


function BottomNav() {
  const { t } = useI18n();
  const s = useWorker();
  const n = ownQueue(s).length;
  const cls = ({ isActive }: { isActive: boolean }) => `w-nav-item${isActive ? ' is-on' : ''}`;
  return (
    <nav className="w-nav">
      <NavLink to="/w/" end className={cls} data-testid="nav-plan">
        {t('worker:today')}
      </NavLink>
      <NavLink to="/w/households" className={cls} data-testid="nav-households">
        {t('worker:households')}
      </NavLink>
      <NavLink to="/w/wish-sign" className={cls} data-testid="nav-wish-sign">
        {t('worker:sign-for')}
      </NavLink>
      <NavLink to="/w/sync" className={cls} data-testid="nav-sync">
        {t('worker:sync')}
        {n > 0 && <span className="w-nav-count">{n}</span>}
      </NavLink>
    </nav>
  );
}

function NotForThisAccount() {
  const { t } = useI18n();
  return (
    <div className="m-card" data-testid="worker-not-allowed">
      <h2 className="m-card-title">{t('worker:this-account-does-not-make-home-visits')}</h2>
      <p>{t('worker:home-visits-are-for-grid-workers-and-for')}</p>
      <Button color="primary" onClick={() => void signOut()}>
        {t('worker:sign-out-and-switch-account')}
      </Button>
    </div>
  );
}

function Body() {
  const { t } = useI18n();
  const s = useWorker();
  if (s.phase === 'starting') return <div className="m-card m-muted">{t('mobile:opening')}</div>;
  if (s.phase === 'signed_out' || !s.user) return <LoginPage />;
  if (!canVisit(s.user)) return <NotForThisAccount />;
  return (
    <Routes>
      <Route index element={<PlanPage />} />
      <Route path="visit/:householdId" element={<VisitPage />} />
      <Route path="wish/:householdId" element={<WishPage />} />
      <Route path="topic/:householdId" element={<TopicPage />} />
      <Route path="wish-sign" element={<WishSignPage />} />
      <Route path="households" element={<HouseholdsPage />} />
      <Route path="sync" element={<SyncPage />} />
      <Route path="*" element={<Navigate to="/w/" replace />} />
    </Routes>
  );
}

export default function WorkerApp() {
  const s = useWorker();
  const { t, language } = useI18n();
  useEffect(() => {
    const before = document.title;
    document.title = t('worker:tingsu-grid-worker');
    return () => {
      document.title = before;
    };
  }, [t]);
  useEffect(() => {
    document.documentElement.classList.add('m-root');
    const uninstall = installPwa();
    void start();
    const online = () => setOnline(true);
    const offline = () => setOnline(false);
    const wake = () => document.visibilityState === 'visible' && tick();
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    document.addEventListener('visibilitychange', wake);
    const timer = setInterval(tick, TICK_MS);
    return () => {
      document.documentElement.classList.remove('m-root');
      uninstall();
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      document.removeEventListener('visibilitychange', wake);
      clearInterval(timer);
    };
  }, []);
  useEffect(() => {
    // The title follows a change of language; the effect above keeps the page's own to restore.
    document.title = t('worker:tingsu-grid-worker');
  }, [t]);
  return (
    <ConfigProvider locale={language === 'en' ? enUS : zhCN}>
      <div className="m-app w-app">
        <div className="m-page">
          <Header />
          <main className="w-main">
            {s.phase === 'ready' && s.sessionExpired && (
              <div className="w-notice is-warn" data-testid="session-expired">
                {t('worker:your-sign-in-has-expired-the-visit-records-are')}
                <button type="button" className="w-link" onClick={signInAgain}>
                  {t('worker:sign-in-again')}
                </button>
              </div>
            )}
            <Body />
          </main>
          {s.phase === 'ready' && s.user && canVisit(s.user) && <BottomNav />}
        </div>
      </div>
    </ConfigProvider>
  );
}
