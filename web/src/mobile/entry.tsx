/**
 * A stand-alone mount for the residents' pages, so a phone that opens /r/… need not download the
 * console (antd, the auth provider, react-query). main.tsx picks it by path.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { startI18n } from '../shared/i18n';
import MobileApp from './MobileApp';

// The residents' texts only; the phone's language unless the resident chose with the 中/EN toggle.
startI18n(import.meta.glob<Record<string, string>>('../locales/*/{mobile,enums}.json', { eager: true, import: 'default' }), { followBrowser: true });

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
