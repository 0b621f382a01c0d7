/**
 * 听诉·网格员: the service worker of the grid worker's phone app (registered by /w/ with scope /w/).
 * It keeps the app's shell so /w/ opens without signal: the page (network first, the kept copy when
 * offline) and Vite's hashed files under /assets/ (kept once fetched: a hashed name never changes).
 * It never touches /api/ — the app keeps its data (today's plan, the visits waiting to upload) in
 * IndexedDB.
 */
const CACHE = 'tingsu-worker-shell-v1';
const SHELL = '/w/';
const STATIC = ['/worker.webmanifest', '/worker-icon.svg', '/worker-icon-maskable.svg', '/favicon.svg'];
/** Old builds' files pile up otherwise; the newest are kept. */
const MAX_ASSETS = 250;

async function keepShell(cache) {
  const res = await fetch(SHELL, { cache: 'no-store', credentials: 'same-origin' });
  if (!res.ok) throw new Error(`${SHELL} answered ${res.status}`);
  const html = await res.clone().text();
  await cache.put(SHELL, res);
  // The entry script, its CSS and preloaded chunks, named in the page.
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  await cache.addAll([...new Set([...assets, ...STATIC])]);
}

async function trim(cache) {
  const keys = (await cache.keys()).filter((r) => new URL(r.url).pathname.startsWith('/assets/'));
  for (const r of keys.slice(0, Math.max(0, keys.length - MAX_ASSETS))) await cache.delete(r);
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then(keepShell)
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('tingsu-worker-') && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

/** The page lists the files it loaded before this worker controlled it. */
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'keep-assets' || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter((u) => typeof u === 'string' && u.startsWith('/assets/'));
  event.waitUntil(
    caches.open(CACHE).then(async (cache) => {
      for (const u of urls) {
        if (!(await cache.match(u))) await cache.add(u).catch(() => undefined);
      }
      await trim(cache);
    }),
  );
});

/** How long a weak signal may keep the worker waiting before the kept page is shown. */
const NAVIGATION_WAIT_MS = 6000;

async function navigation(request) {
  const cache = await caches.open(CACHE);
  const network = fetch(request).then(async (res) => {
    if (res.ok && (res.headers.get('content-type') || '').includes('text/html')) await cache.put(SHELL, res.clone());
    return res;
  });
  const kept = await cache.match(SHELL);
  if (!kept) return network;
  const slow = new Promise((resolve) => setTimeout(() => resolve(kept), NAVIGATION_WAIT_MS));
  return Promise.race([network.catch(() => kept), slow]);
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request, { ignoreSearch: true });
  if (kept) return kept;
  const res = await fetch(request);
  if (res.ok) {
    await cache.put(request, res.clone());
    await trim(cache);
  }
  return res;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    if (url.pathname === '/w' || url.pathname.startsWith('/w/')) event.respondWith(navigation(request));
    return;
  }
  if (url.pathname.startsWith('/assets/') || STATIC.includes(url.pathname)) event.respondWith(cacheFirst(request));
});
