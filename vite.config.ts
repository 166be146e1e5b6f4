import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const webRoot = fileURLToPath(new URL('./src/web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));

export default defineConfig({
  root: webRoot,
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  plugins: [
    react(),
    VitePWA({
      registerType: 'autoUpdate',
      // A separate registerSW.js file: the server's CSP (default-src 'self') refuses inline scripts.
      injectRegister: 'script-defer',
      includeAssets: ['icon.svg'],
      manifest: {
        name: 'Setbook',
        short_name: 'Setbook',
        description: 'The safety system of record for a film or TV set.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#b3001b',
        background_color: '#0b0b0b',
        icons: [
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
          { src: '/icon-maskable.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,webmanifest}'],
        navigateFallback: 'index.html',
        // The API is never answered from the cache: a stale answer on a set is a safety problem.
        navigateFallbackDenylist: [/^\/api(\/|$)/],
        cleanupOutdatedCaches: true,
        // A new release takes over at once, and the first visit is already served by the worker:
        // the STOP button must work from the cached shell after one visit, not after a second.
        skipWaiting: true,
        clientsClaim: true,
        // Web Push: shows what the server sent and opens its screen (src/web/public/push-sw.js).
        importScripts: ['push-sw.js'],
      },
    }),
  ],
});
