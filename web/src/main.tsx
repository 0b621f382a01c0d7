/**
 * Three front doors: residents who scan a QR code (/r/…) get the light phone pages (antd-mobile), grid
 * workers (/w/…) their offline phone app, neither downloading the console; everyone else gets the console.
 */
const root = document.getElementById('root')!;
if (/^\/r(\/|$)/.test(location.pathname)) void import('./mobile/entry').then((m) => m.mountMobile(root));
else if (/^\/w(\/|$)/.test(location.pathname)) void import('./mobile/worker/entry').then((m) => m.mountWorker(root));
else void import('./app/console').then((m) => m.mountConsole(root));
