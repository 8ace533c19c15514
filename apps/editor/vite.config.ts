import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `source` first so workspace packages (@scoreflow/flow) are bundled from their TypeScript
// sources: the editor never depends on a stale build of the shared model.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
