import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** Where `npx vite` sends API calls; TINGSU_API overrides it (e.g. a server on another port). */
const api = process.env.TINGSU_API ?? 'http://127.0.0.1:8080';

/** The web console: sources in web/, built into dist/web (served by the API server in production). */
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    // '/api/' with the slash: a bare '/api' prefix would also capture the console's /apikeys page.
    proxy: {
      '/api/': api,
      '/docs': api,
      '/healthz': api,
    },
  },
});
