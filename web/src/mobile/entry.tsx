/**
 * A stand-alone mount for the residents' pages, so a phone that opens /r/… need not download the
 * console (antd, the auth provider, react-query). Wiring it up is a change to web/src/main.tsx:
 *
 *   const root = document.getElementById('root')!;
 *   if (/^\/r(\/|$)/.test(location.pathname)) void import('./mobile/entry').then((m) => m.mountMobile(root));
 *   else void import('./app/console').then((m) => m.mountConsole(root)); // today's main.tsx body
 *
 * Until then the console's router serves /r/* (router.tsx) and lazy-loads MobileApp.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import MobileApp from './MobileApp';

export function mountMobile(el: HTMLElement) {
  createRoot(el).render(
    <StrictMode>
      <BrowserRouter>
        <Routes>
          <Route path="/r/*" element={<MobileApp />} />
        </Routes>
      </BrowserRouter>
    </StrictMode>,
  );
}
