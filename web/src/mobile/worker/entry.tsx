/**
 * A stand-alone mount for the grid worker's phone app (/w/…): a phone on a weak signal downloads the
 * app alone, not the console (antd, the charts, react-query). main.tsx picks it by path.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { startI18n } from '../../shared/i18n';
import WorkerApp from './WorkerApp';

// Bundled, not fetched: the app starts without a signal. The phone's language unless the worker picked one.
startI18n(import.meta.glob<Record<string, string>>('../../locales/*/{worker,mobile,enums}.json', { eager: true, import: 'default' }), { followBrowser: true });

export function mountWorker(el: HTMLElement) {
  createRoot(el).render(
    <StrictMode>
      <BrowserRouter>
        <Routes>
          <Route path="/w/*" element={<WorkerApp />} />
        </Routes>
      </BrowserRouter>
    </StrictMode>,
  );
}
