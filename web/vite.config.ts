import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

export default defineConfig({
  plugins: [preact({ prerender: { enabled: false } })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // No inline scripts under the CSP: keep the preload helper out of the page.
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: {
    proxy: { '/graphql': { target: 'http://localhost:8080', ws: true } },
  },
});
