// Runs the load scenario against a running stack (ours from startStack, or a drill's cluster
// behind its proxy) and reconciles afterwards. Reused by `npm run load` and the scale-out drill.
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { hashPassword } from '@/lib/auth/password';
import { actionIds } from './browser-steps';
import { createAgent } from './http';
import { Recorder } from './metrics';
import { clean, reconcile, settle, type Reconciliation, type StripeSide } from './reconcile';
import { admin, customer, type Account, type ScenarioContext } from './scenario';
import { streamWebhooks } from './webhook-stream';

export type LoadOptions = {
  base: string;
  databaseUrl: string;
  /** Stripe (emulator) per account; the first is the primary. */
  sides: StripeSide[];
  webhookSecret: string;
  distDir: string;
  users: number;
  duration: number;
  admins?: number;
  rampSeconds?: number;
  paceSeconds?: number;
  webhooksPerSecond?: number;
  /** Customers retry network failures with the same Idempotency-Key (the instance-kill and scale drills). */
  retryNetworkErrors?: boolean;
  /** Called once the users are running (drills inject their fault here). */
  during?: (recorder: Recorder) => Promise<void>;
  /** Called after the users stopped, before settling and reconciling (drills repair here, e.g. the webhook backfill). */
  afterLoad?: (recorder: Recorder, paid: { paymentId: string; account: string }[]) => Promise<void>;
  log?: (line: string) => void;
};

export type LoadOutcome = {
  recorder: Recorder;
  reconciliation: Reconciliation;
  settled: boolean;
  clean: boolean;
  paid: number;
  refunds: number;
  webhooksAccepted: number;
  seconds: number;
};

export const PASSWORD = 'load-test-password-1';

/** Inserts the run's customers and admins directly (sign-up is rate-limited per address, and not what is measured). */
export async function createAccounts(databaseUrl: string, users: number, admins: number): Promise<Account[]> {
  const hash = await hashPassword(PASSWORD);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const run = Date.now().toString(36);
  const accounts: Account[] = [
    ...Array.from({ length: users }, (_, i) => ({ email: `load-${run}-${i}@paydeck.test`, role: 'user' as const })),
    ...Array.from({ length: admins }, (_, i) => ({ email: `load-${run}-admin-${i}@paydeck.test`, role: 'admin' as const })),
  ];
  try {
    for (let i = 0; i < accounts.length; i += 500) {
      const rows = accounts
        .slice(i, i + 500)
        .map((a) => ({ id: randomUUID(), email: a.email, name: 'Load Test', role: a.role, password_hash: hash }));
      await sql`insert into users ${sql(rows, 'id', 'email', 'name', 'role', 'password_hash')}`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
  return accounts;
}

export async function pricesOf(databaseUrl: string): Promise<ScenarioContext['prices']> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<
      { id: string; key: string }[]
    >`select id, lookup_key as key from prices where lookup_key in ('credits_100', 'pro_monthly', 'pro_yearly')`;
    const by = new Map(rows.map((r) => [r.key, r.id]));
    const [oneTime, plan, otherPlan] = [by.get('credits_100'), by.get('pro_monthly'), by.get('pro_yearly')];
    if (!oneTime || !plan || !otherPlan) throw new Error('the demo catalogue is missing (credits_100, pro_monthly, pro_yearly)');
    return { oneTime, plan, otherPlan };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Runs `users` customers (and a few admins) for `duration` seconds, then settles and reconciles. */
export async function runLoad(options: LoadOptions): Promise<LoadOutcome> {
  const log = options.log ?? (() => {});
  const admins = options.admins ?? Math.max(1, Math.round(options.users / 20));
  const customers = Math.max(1, options.users - admins);
  const accounts = await createAccounts(options.databaseUrl, customers, admins);
  const since = Math.floor(Date.now() / 1000);
  const agent = createAgent(Math.max(64, options.users * 2));
  const recorder = new Recorder();
  const ctx: ScenarioContext = {
    base: options.base,
    stripeOrigins: Object.fromEntries(options.sides.map((s) => [s.account, s.url])),
    primaryPublishableKey: 'pk_test_emulator',
    password: PASSWORD,
    prices: await pricesOf(options.databaseUrl),
    actions: actionIds(options.distDir, 'app/(app)/billing/page'),
    recorder,
    agent,
    deadline: options.duration,
    rampSeconds: options.rampSeconds ?? Math.min(20, options.duration / 4),
    // A customer starts a purchase every 15 s (21 s on runs over 7.5 min: the per-user limit is 30 per 10 minutes).
    paceSeconds: options.paceSeconds ?? (options.duration > 450 ? 21 : 15),
    paid: [],
    refunded: new Set(),
    retryNetworkErrors: options.retryNetworkErrors,
  };
  for (const name of ['startSubscriptionAction', 'refreshSubscriptionAction', 'previewPlanChangeAction', 'changePlanAction']) {
    if (!ctx.actions.has(name)) throw new Error(`server action ${name} not found in ${options.distDir}; build first`);
  }
  log(`load: ${customers} customers + ${admins} admins for ${options.duration} s against ${options.base}`);
  const stream = streamWebhooks({
    base: options.base,
    secret: options.webhookSecret,
    perSecond: options.webhooksPerSecond ?? 10,
    recorder,
    agent,
  });
  const users = accounts.filter((a) => a.role === 'user');
  const staff = accounts.filter((a) => a.role === 'admin');
  const progress = setInterval(() => {
    const api = recorder.latency('api');
    log(
      `  t=${recorder.now().toFixed(0)}s requests=${recorder.samples.length} api p95=${api.p95} ms errors=${recorder.errors()} paid=${ctx.paid.length}`,
    );
  }, 15_000);
  const during = options.during?.(recorder);
  await Promise.all([
    ...users.map((a, i) => customer(ctx, a, i, users.length)),
    ...staff.map((a, i) => admin(ctx, a, i, staff.length, users.length)),
  ]);
  await during;
  clearInterval(progress);
  await stream.stop();
  const seconds = recorder.now();
  await options.afterLoad?.(recorder, ctx.paid);
  log(`load: done after ${seconds.toFixed(1)} s; settling deliveries and the worker…`);
  const settled = await settle(options.databaseUrl, options.sides);
  const reconciliation = await reconcile(options.databaseUrl, options.sides, { acceptedWebhooks: stream.accepted, since });
  await agent.close();
  return {
    recorder,
    reconciliation,
    settled,
    clean: settled && clean(reconciliation),
    paid: ctx.paid.length,
    refunds: ctx.refunded.size,
    webhooksAccepted: stream.accepted.length,
    seconds,
  };
}
