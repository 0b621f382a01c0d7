import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { FullPageSpin, NotFound, RequireSession } from './layout';
import { PAGES } from './pages';

const LoginPage = lazy(() => import('../features/auth/LoginPage'));
/** 码上解: the residents' phone pages (QR posters open /r/<place code>); no sign-in, own lazy bundle. */
const MobileApp = lazy(() => import('../mobile/MobileApp'));
/** 听诉·网格员: the grid worker's offline-capable phone app (入户听诉); its own sign-in, own lazy bundle. */
const WorkerApp = lazy(() => import('../mobile/worker/WorkerApp'));
/** 三账公开: a community's or a fund's public accounts; no sign-in. */
const AccountsPage = lazy(() => import('../features/funds/public/AccountsPage'));

export function AppRouter() {
  return (
    <BrowserRouter>
      <Routes>
        <Route
          path="/login"
          element={
            <Suspense fallback={<FullPageSpin />}>
              <LoginPage />
            </Suspense>
          }
        />
        <Route
          path="/r/*"
          element={
            <Suspense fallback={null}>
              <MobileApp />
            </Suspense>
          }
        />
        <Route
          path="/w/*"
          element={
            <Suspense fallback={null}>
              <WorkerApp />
            </Suspense>
          }
        />
        <Route
          path="/accounts/place/:id"
          element={
            <Suspense fallback={<FullPageSpin />}>
              <AccountsPage kind="place" />
            </Suspense>
          }
        />
        <Route
          path="/accounts/fund/:id"
          element={
            <Suspense fallback={<FullPageSpin />}>
              <AccountsPage kind="fund" />
            </Suspense>
          }
        />
        <Route element={<RequireSession />}>
          {PAGES.map((p) => (
            <Route key={p.key} path={p.path} element={<p.component />} />
          ))}
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
