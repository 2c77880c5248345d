import { defineConfig } from 'vite';

// JSX through esbuild (no React plugin needed); the bundle serves the build at /.
export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic' },
  build: { outDir: process.env.OVM_UI_OUT || 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2048 },
  test: { environment: 'node', include: ['src/**/*.test.js'] },
});
