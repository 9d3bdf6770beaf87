import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The web UI: built to dist/, which `ilos serve` serves beside the API (ADR 0030). */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1024 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  logLevel: 'warn',
});
