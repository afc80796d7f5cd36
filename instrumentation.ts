// Next.js calls register() once per server process: shutdown handling, then the job worker
// (unless WORKER=external).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { onServerShutdown } = await import('./lib/shutdown');
  const { closeDb } = await import('./db');
  onServerShutdown(closeDb);
  const { startInProcessWorker } = await import('./lib/jobs/in-process');
  await startInProcessWorker();
}
