// Vite builds the console into dist/, which `rgs serve` serves at `/`.
// `npm run dev -w @openrgs/console` proxies /api (HTTP and the /api/live WebSocket) to a running
// `rgs serve`; set RGS_API to its address (default http://127.0.0.1:8080).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.RGS_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  // @openrgs/csv reads through csv-parse, whose Node build uses the global Buffer (a blank page with
  // "Buffer is not defined" in the browser); its browser build carries its own Buffer.
  resolve: { alias: [{ find: /^csv-parse\/sync$/, replacement: 'csv-parse/browser/esm/sync' }] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: { proxy: { '/api': { target: api, ws: true, changeOrigin: false } } },
});
