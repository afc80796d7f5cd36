// `npm run worker`: job workers as their own process (run the app with WORKER=external).
import { envOrExit } from '@/lib/env';
import { startWorker } from '@/lib/jobs/worker';
import { onShutdown } from './lib/children';
import { announceNode } from './lib/node-version';

announceNode('paydeck worker');
const env = envOrExit();
if (!env.databaseUrl) {
  console.error('DATABASE_URL is required for `npm run worker`.');
  process.exit(1);
}
const worker = await startWorker(env.databaseUrl);
console.log(`worker ${worker.id} running; Ctrl-C or SIGTERM stops it after in-flight jobs finish.`);
onShutdown(() => worker.stop());
