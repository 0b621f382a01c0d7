/**
 * Makes /w/ an installable, offline-capable app: the manifest link (only on the worker's pages, so the
 * console is unaffected) and the service worker (web/public/sw.js), which keeps the app's files.
 */

const MANIFEST = '/worker.webmanifest';

/** The built files this page already loaded, for the service worker to keep (it starts after they loaded). */
function loadedAssets(): string[] {
  const urls = performance
    .getEntriesByType('resource')
    .map((e) => new URL(e.name))
    .filter((u) => u.origin === location.origin && u.pathname.startsWith('/assets/'))
    .map((u) => u.pathname);
  return [...new Set(urls)];
}

export function installPwa(): () => void {
  const link = document.createElement('link');
  link.rel = 'manifest';
  link.href = MANIFEST;
  document.head.appendChild(link);
  const theme = document.createElement('meta');
  theme.name = 'theme-color';
  theme.content = '#c8161d';
  document.head.appendChild(theme);

  // Production builds only: the dev server's modules are not files to keep.
  if (import.meta.env.PROD && window.isSecureContext && 'serviceWorker' in navigator) {
    navigator.serviceWorker
      .register('/sw.js', { scope: '/w/' })
      .then(() => navigator.serviceWorker.ready)
      .then((reg) => reg.active?.postMessage({ type: 'keep-assets', urls: loadedAssets() }))
      .catch(() => {
        // Without it the app still works online; the plan stays in IndexedDB either way.
      });
  }
  return () => {
    link.remove();
    theme.remove();
  };
}
