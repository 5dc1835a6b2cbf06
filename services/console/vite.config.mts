import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built to dist/ and served by the gateway at its own origin (docs/decisions.md). During
// development `vite` proxies the API to a running gateway.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: { proxy: { '/v1': process.env.VERITY_GATEWAY_URL ?? 'http://127.0.0.1:8080' } },
});
