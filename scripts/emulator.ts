// `npm run emulator`: the Stripe emulator as a standalone process, configured from the environment.
import Stripe from 'stripe';
import { startEmulator } from '../emulator/server';
import { announceNode } from './lib/node-version';

announceNode('Stripe emulator');
const env = process.env;
const port = Number(env.STRIPE_EMULATOR_PORT ?? 12111);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`STRIPE_EMULATOR_PORT must be a port number, got ${env.STRIPE_EMULATOR_PORT}`);
  process.exit(1);
}

const started = Date.now();
const emulator = await startEmulator({
  port,
  host: env.STRIPE_EMULATOR_HOST,
  dataFile: env.STRIPE_EMULATOR_DATA || undefined,
  webhookUrl: env.STRIPE_EMULATOR_WEBHOOK_URL || undefined,
  webhookSecret: env.STRIPE_WEBHOOK_SECRET || undefined,
  log: (line) => console.log(line),
}).catch((err: unknown) => {
  console.error(`Stripe emulator failed to start: ${(err as Error).message}`);
  process.exit(1);
});

console.log(`Stripe emulator listening on ${emulator.url} (started in ${Date.now() - started} ms)`);
console.log(`  API version ${Stripe.API_VERSION}; any sk_test_/pk_test_ key works; control plane at ${emulator.url}/_emulator/config`);
if (env.STRIPE_EMULATOR_WEBHOOK_URL) console.log(`  webhooks → ${env.STRIPE_EMULATOR_WEBHOOK_URL} signed with ${emulator.webhookSecret}`);
if (env.STRIPE_EMULATOR_DATA) console.log(`  state saved to ${env.STRIPE_EMULATOR_DATA}`);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await emulator.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
