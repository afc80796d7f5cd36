import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@/': root,
      // lib/ files are marked server-only; tests run them on the server, which is what it guards.
      'server-only': fileURLToPath(new URL('node_modules/server-only/empty.js', import.meta.url)),
    },
  },
  test: {
    include: ['{lib,db,emulator,scripts,components,app}/**/*.test.{ts,tsx}'],
    environment: 'node',
    globalSetup: ['scripts/test/global-setup.ts'],
    // next-runtime: the global AsyncLocalStorage Next.js installs, for tests that run handlers in a request scope.
    setupFiles: ['scripts/test/setup.ts', 'lib/security/fuzz/next-runtime.ts'],
    // Auth.js imports `next/server` without an extension; inlined, Vite resolves it like Next.js does.
    server: { deps: { inline: ['next-auth'] } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['lib/**/*.ts', 'db/**/*.ts', 'emulator/**/*.ts', 'app/**/route.ts'],
      exclude: ['**/*.test.ts', 'emulator/js/**'],
      reporter: ['text-summary', 'html'],
    },
  },
});
