/**
 * A stand-alone mount for the residents' pages, so a phone that opens /r/… need not download the
 * console (antd, the auth provider, react-query). main.tsx picks it by path.
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
