/**
 * The web app's build (web/ → web/dist), run by `npm start` when needed and `npm run build:web`.
 * React via @vitejs/plugin-react; the app is served by Fastify at / (same origin as /api), so
 * the dev server proxies /api to a running platform: `npx vite` next to `npm start`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // the chart library is a lazy chunk of its own (web/src/charts); this only quiets the size warning for it
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: `http://127.0.0.1:${process.env.PORT ?? 3000}`, changeOrigin: false } },
  },
});
