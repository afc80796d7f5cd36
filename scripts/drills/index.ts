// Every drill, in the order `npm run drills` runs them.
import { appKill } from './app-kill';
import { duplicates } from './duplicates';
import { failover } from './failover';
import type { Drill } from './harness';
import { postgresRestart } from './postgres-restart';
import { stripe429 } from './stripe-429';
import { stripe500 } from './stripe-500';
import { stripeTimeout } from './stripe-timeout';
import { webhookDown } from './webhook-down';
import { workerKill } from './worker-kill';

export const DRILLS: Drill[] = [
  stripe500,
  stripeTimeout,
  stripe429,
  webhookDown,
  duplicates,
  workerKill,
  postgresRestart,
  appKill,
  failover,
];
