// Next.js calls register() once per server process: shutdown handling, the emulator webhook
// endpoint (emulator mode without STRIPE_WEBHOOK_SECRET), then the job worker (unless WORKER=external).
export async function register() {
  // Read directly, not through lib/env: Next.js inlines NEXT_RUNTIME, and lib/env must not load in the edge runtime.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { logger } = await import('./lib/log/logger');
  logger.info({ node: process.version, pid: process.pid }, 'server process started');
  const { onServerShutdown } = await import('./lib/shutdown');
  const { closeDb } = await import('./db');
  onServerShutdown(closeDb);
  const { registerEmulatorEndpointInBackground } = await import('./lib/webhooks/secrets');
  registerEmulatorEndpointInBackground();
  const { startInProcessWorker } = await import('./lib/jobs/in-process');
  await startInProcessWorker();
}
