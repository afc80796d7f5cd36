// @ts-check
import { createJiti } from 'jiti';

const jiti = createJiti(import.meta.url);

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Parallel local runs (several checkouts' e2e suites) can build into separate folders.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  poweredByHeader: false,
  // `npm run typecheck` checks the whole repo (emulator and scripts included) before the build.
  typescript: { ignoreBuildErrors: true },
  // Loaded once by Node, not copied into each server bundle: one SDK, one set of error classes.
  serverExternalPackages: ['pg-boss', 'pino', 'pino-pretty', '@node-rs/argon2', 'postgres', 'stripe'],
  // authInterrupts gives forbidden(): a real 403 status for the "not allowed" page.
  experimental: { serverActions: { bodySizeLimit: '64kb' }, authInterrupts: true },
};

/** @param {string} phase */
export default async function config(phase) {
  // Validate the environment first, so a bad value fails `dev`, `build` and `start` with one line.
  const { checkEnvForPhase } = /** @type {typeof import('./lib/env')} */ (await jiti.import('./lib/env.ts'));
  checkEnvForPhase(phase);
  return nextConfig;
}
