/**
 * 听诉·网格员: the grid worker's phone app for 入户听诉 (door-to-door listening), mounted at /w/*.
 * Works a whole day without signal: today's package and the visits logged wait in IndexedDB, and the
 * queue uploads them when the network returns. Lazy-loaded, so antd-mobile stays out of the console.
 */
import { useEffect } from 'react';
import { Link, Navigate, NavLink, Route, Routes } from 'react-router-dom';
import { Button, ConfigProvider, Dialog } from 'antd-mobile';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import '../antdMobileRender';
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
import '../mobile.css';
import './worker.css';


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
  const s = useWorker();
  const mine = ownQueue(s);
  const waiting = mine.length;
  const problems = mine.filter((q) => q.state !== 'pending').length;
  const leave = async () => {
    const pending = mine.filter((q) => q.state !== 'conflict').length;
    const ok = await Dialog.confirm({
      title: '退出登录？',
      content: pending ? `还有 ${pending} 条走访记录没上传。它们会留在这台手机上，下次用本账号登录后自动上传。` : '退出后需要联网才能再次登录。',
      confirmText: '退出',
      cancelText: '取消',
    });
    if (ok) await signOut();
  };
  return (
    <header className="w-header">
      <div className="w-header-row">
        <span className="m-logo" aria-hidden="true">
          听
        </span>
        <strong className="w-title">听诉·网格员</strong>
        {!s.online && (
          <span className="w-offline" data-testid="offline-badge">
            离线
          </span>
        )}
        <Link to="/w/sync" className={`w-sync-badge${problems ? ' has-problem' : ''}`} data-testid="sync-badge" aria-label={`同步：${waiting} 条待处理`}>
          {s.syncing ? '同步中' : '同步'}
          <b data-testid="sync-count">{waiting}</b>
        </Link>
      </div>
      {s.user && (
        <div className="w-header-sub">
          {s.user.displayName} · {s.user.regionName.split(' / ').at(-1) || '全部辖区'}
          {s.phase === 'ready' && (
            <button type="button" className="w-link is-light" onClick={() => void leave()} data-testid="worker-logout">
              退出
            </button>
          )}
        </div>
      )}
    </header>
  );
}

function BottomNav() {
  const s = useWorker();
  const n = ownQueue(s).length;
  const cls = ({ isActive }: { isActive: boolean }) => `w-nav-item${isActive ? ' is-on' : ''}`;
  return (
    <nav className="w-nav">
      <NavLink to="/w/" end className={cls} data-testid="nav-plan">
        今日计划
      </NavLink>
      <NavLink to="/w/households" className={cls} data-testid="nav-households">
        住户
      </NavLink>
      <NavLink to="/w/sync" className={cls} data-testid="nav-sync">
        同步{n > 0 && <span className="w-nav-count">{n}</span>}
      </NavLink>
    </nav>
  );
}

function NotForThisAccount() {
  return (
    <div className="m-card" data-testid="worker-not-allowed">
      <h2 className="m-card-title">这个账号不用入户走访</h2>
      <p>网格员走访只给网格员和下沉走访的社区、街道干部使用。请退出后用网格员账号登录；在电脑上处理工作请打开管理后台。</p>
      <Button color="primary" onClick={() => void signOut()}>
        退出，换个账号
      </Button>
    </div>
  );
}

function Body() {
  const s = useWorker();
  if (s.phase === 'starting') return <div className="m-card m-muted">正在打开…</div>;
  if (s.phase === 'signed_out' || !s.user) return <LoginPage />;
  if (!canVisit(s.user)) return <NotForThisAccount />;
  return (
    <Routes>
      <Route index element={<PlanPage />} />
      <Route path="visit/:householdId" element={<VisitPage />} />
      <Route path="households" element={<HouseholdsPage />} />
      <Route path="sync" element={<SyncPage />} />
      <Route path="*" element={<Navigate to="/w/" replace />} />
    </Routes>
  );
}

export default function WorkerApp() {
  const s = useWorker();
  useEffect(() => {
    document.documentElement.classList.add('m-root');
    const title = document.title;
    document.title = '听诉·网格员';
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
      document.title = title;
      uninstall();
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      document.removeEventListener('visibilitychange', wake);
      clearInterval(timer);
    };
  }, []);
  return (
    <ConfigProvider locale={zhCN}>
      <div className="m-app w-app">
        <div className="m-page">
          <Header />
          <main className="w-main">
            {s.phase === 'ready' && s.sessionExpired && (
              <div className="w-notice is-warn" data-testid="session-expired">
                登录已过期。走访记录都还在手机里，重新登录后会自动上传。
                <button type="button" className="w-link" onClick={signInAgain}>
                  重新登录
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
