// The virtual users' behaviour, k6-style: customers sign in, browse, pay (create intent → confirm
// at Stripe like Stripe.js → wait on the payment page until our row says succeeded), look at
// their history; one customer in four subscribes (at an iteration spread over the run) and changes
// plan the iteration after; admins list payments and refund some.
import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { VirtualUser } from './http';
import { callAction, confirmAtStripe, signIn } from './browser-steps';
import type { Recorder } from './metrics';

export type Account = { email: string; role: 'user' | 'admin' };

export type ScenarioContext = {
  base: string;
  /** Stripe's (the emulator's) origin per account: the browser confirms where the payment went. */
  stripeOrigins: Record<string, string>;
  primaryPublishableKey: string;
  password: string;
  prices: { oneTime: string; plan: string; otherPlan: string };
  actions: Map<string, string>;
  recorder: Recorder;
  agent: Dispatcher;
  /** Seconds after the start when no new iteration begins. */
  deadline: number;
  /** Seconds over which the users arrive. */
  rampSeconds: number;
  /** Seconds between the starts of one customer's iterations (kept under the per-user create-intent limit of 30 per 10 minutes). */
  paceSeconds: number;
  /** Payments that reached `succeeded` in our API, by account. */
  paid: { paymentId: string; account: string }[];
  refunded: Set<string>;
  /** Set by drills: a customer retries a request that failed on the network with the same Idempotency-Key. */
  retryNetworkErrors?: boolean;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const jitter = (min: number, max: number) => min + Math.random() * (max - min);

type Intent = { paymentId: string; clientSecret: string | null; account: string; publishableKey: string };
type ActionResult<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/** The client address of virtual user `i` (10.x.y.z, distinct per user). */
export const ipFor = (i: number) => `10.${20 + Math.floor(i / 62_500)}.${Math.floor((i % 62_500) / 250)}.${(i % 250) + 1}`;

/**
 * POST create-intent. With `retryNetworkErrors`, a client that lost its answer (connection cut,
 * 502/503, 504 timeout, or 409 while the first attempt is still marked in progress) retries with
 * the SAME Idempotency-Key for up to 45 s: it resumes the same payment, never starts a second one.
 */
export async function createIntent(ctx: ScenarioContext, vu: VirtualUser, key: string = randomUUID()): Promise<Intent | null> {
  const deadline = performance.now() + (ctx.retryNetworkErrors ? 45_000 : 0);
  for (;;) {
    const reply = await vu.call('POST /api/payments/create-intent', '/api/payments/create-intent', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ priceId: ctx.prices.oneTime, quantity: 1 }),
      expect: [201],
    });
    if (reply.status === 201) return VirtualUser.json<Intent>(reply);
    if (![0, 409, 502, 503, 504].includes(reply.status) || performance.now() > deadline) return null;
    // Retries count against the per-user limit like any request: honour Retry-After, as a well-behaved client does.
    const retryAfter = Number(reply.headers['retry-after']);
    await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1_000 : 1_000);
  }
}

/** One purchase as the checkout page makes it; returns the payment id once our API shows it succeeded. */
export async function purchase(ctx: ScenarioContext, vu: VirtualUser, timeoutMs = 30_000): Promise<string | null> {
  const t0 = performance.now();
  const intent = await createIntent(ctx, vu);
  if (!intent?.clientSecret) return null;
  const origin = ctx.stripeOrigins[intent.account];
  if (!origin) {
    ctx.recorder.notes.push(`no Stripe origin for account ${intent.account}`);
    return null;
  }
  const confirmed = await confirmAtStripe(vu, origin, intent.publishableKey, intent.clientSecret);
  if (!confirmed.ok) {
    ctx.recorder.notes.push(`confirm at Stripe → ${confirmed.status}`);
    return null;
  }
  const t1 = performance.now();
  const done = () => {
    const now = performance.now();
    ctx.recorder.confirmed(now - t0, now - t1);
    ctx.paid.push({ paymentId: intent.paymentId, account: intent.account });
    return intent.paymentId;
  };
  // As the browser does after Stripe.js confirmed: the payment page, which re-reads Stripe and
  // updates our row before rendering, then (if not final yet) polling at 300 ms, later 1 s.
  const page = await vu.call('GET /payments/:id?from=checkout', `/payments/${intent.paymentId}?from=checkout`);
  if (page.text.includes('Payment successful')) return done();
  while (performance.now() - t0 < timeoutMs) {
    await sleep(performance.now() - t1 < 5_000 ? 300 : 1_000);
    const reply = await vu.call('GET /api/payments/:id', `/api/payments/${intent.paymentId}`);
    if (VirtualUser.json<{ status?: string }>(reply)?.status === 'succeeded') return done();
  }
  ctx.recorder.record('payment confirmation (timed out)', performance.now() - t0, 0, false, 'other');
  ctx.recorder.notes.push(`payment ${intent.paymentId} not succeeded in our API after ${timeoutMs} ms`);
  return null;
}

async function subscribe(ctx: ScenarioContext, vu: VirtualUser): Promise<string | null> {
  const page = `/billing/subscribe?price=${encodeURIComponent(ctx.prices.plan)}`;
  await vu.call('GET /billing/subscribe', page);
  const started = await callAction<
    ActionResult<{ subscriptionId: string; confirm: { kind: 'payment' | 'setup'; clientSecret: string } | null }>
  >(vu, 'action startSubscriptionAction', page, ctx.actions.get('startSubscriptionAction')!, [ctx.prices.plan, randomUUID()]);
  if (!started?.ok) {
    ctx.recorder.notes.push(`startSubscriptionAction → ${started ? started.error.message : 'no answer'}`);
    return null;
  }
  const { subscriptionId, confirm } = started.data;
  if (confirm) await confirmAtStripe(vu, ctx.stripeOrigins.primary!, ctx.primaryPublishableKey, confirm.clientSecret, confirm.kind);
  for (let i = 0; i < 5; i++) {
    const view = await callAction<ActionResult<{ status: string }>>(
      vu,
      'action refreshSubscriptionAction',
      '/billing',
      ctx.actions.get('refreshSubscriptionAction')!,
      [subscriptionId],
    );
    if (view?.ok && (view.data.status === 'active' || view.data.status === 'trialing')) return subscriptionId;
    await sleep(500);
  }
  ctx.recorder.notes.push(`subscription ${subscriptionId} not active after refreshes`);
  return subscriptionId;
}

async function changePlan(ctx: ScenarioContext, vu: VirtualUser, subscriptionId: string): Promise<void> {
  await vu.call('GET /billing', '/billing');
  const preview = await callAction<ActionResult<{ prorationDate: number | null }>>(
    vu,
    'action previewPlanChangeAction',
    '/billing',
    ctx.actions.get('previewPlanChangeAction')!,
    [subscriptionId, ctx.prices.otherPlan],
  );
  if (!preview?.ok) {
    ctx.recorder.notes.push(`previewPlanChangeAction → ${preview ? preview.error.message : 'no answer'}`);
    return;
  }
  const input = { priceId: ctx.prices.otherPlan, ...(preview.data.prorationDate ? { prorationDate: preview.data.prorationDate } : {}) };
  const changed = await callAction<ActionResult<unknown>>(vu, 'action changePlanAction', '/billing', ctx.actions.get('changePlanAction')!, [
    subscriptionId,
    input,
    randomUUID(),
  ]);
  if (!changed?.ok) ctx.recorder.notes.push(`changePlanAction → ${changed ? changed.error.message : 'no answer'}`);
}

/** One customer in SUBSCRIBER_EVERY subscribes during the run (and changes plan the iteration after). */
export const SUBSCRIBER_EVERY = 4;

/**
 * The iteration at which customer `index` subscribes, or -1. Subscribers are spread over the run's
 * iterations instead of all subscribing in the same one, as real sign-ups arrive spread out.
 */
export function subscribeIteration(index: number, deadline: number, paceSeconds: number): number {
  if (index % SUBSCRIBER_EVERY !== 0) return -1;
  const spread = Math.max(1, Math.floor(deadline / paceSeconds) - 3);
  return 2 + (Math.floor(index / SUBSCRIBER_EVERY) % spread);
}

/** A customer: sign in, then iterations of browse → pay → history; subscribers also subscribe once and change plan once. */
export async function customer(ctx: ScenarioContext, account: Account, index: number, users: number): Promise<void> {
  await sleep((index / Math.max(1, users)) * ctx.rampSeconds * 1000);
  const vu = new VirtualUser(ctx.base, ipFor(index), ctx.recorder, ctx.agent);
  if (!(await signIn(vu, account.email, ctx.password))) return;
  const subscribeAt = subscribeIteration(index, ctx.deadline, ctx.paceSeconds);
  let subscription: string | null = null;
  for (let iteration = 1; ctx.recorder.now() < ctx.deadline; iteration++) {
    const begun = performance.now();
    await vu.call('GET /pay', '/pay');
    await sleep(jitter(500, 1_500));
    await purchase(ctx, vu);
    await sleep(jitter(500, 1_500));
    await vu.call('GET /api/payments/history', '/api/payments/history?limit=20');
    if (iteration % 3 === 0) await vu.call('GET /payments', '/payments');
    if (iteration === subscribeAt) subscription = await subscribe(ctx, vu);
    if (iteration === subscribeAt + 1 && subscription) await changePlan(ctx, vu, subscription);
    await sleep(ctx.paceSeconds * 1000 * jitter(0.95, 1.1) - (performance.now() - begun));
  }
}

/** An admin: list succeeded payments and refund part of some (each admin its own share, so two never race for one payment). */
export async function admin(ctx: ScenarioContext, account: Account, index: number, admins: number, users: number): Promise<void> {
  await sleep((index / Math.max(1, admins)) * ctx.rampSeconds * 1000);
  const vu = new VirtualUser(ctx.base, ipFor(users + index), ctx.recorder, ctx.agent);
  if (!(await signIn(vu, account.email, ctx.password))) return;
  for (let iteration = 1; ctx.recorder.now() < ctx.deadline; iteration++) {
    const list = await vu.call('GET /api/admin/payments', '/api/admin/payments?status=succeeded&limit=50');
    if (iteration % 4 === 0) await vu.call('GET /admin', '/admin');
    const items = VirtualUser.json<{ items: { id: string; amountRefunded: number }[] }>(list)?.items ?? [];
    const mine = items.find((p) => p.amountRefunded === 0 && !ctx.refunded.has(p.id) && parseInt(p.id.slice(0, 8), 16) % admins === index);
    if (mine && iteration % 2 === 0) {
      ctx.refunded.add(mine.id);
      await vu.call('POST /api/payments/refund', '/api/payments/refund', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ paymentId: mine.id, amount: 100, reason: 'requested_by_customer' }),
        expect: [201],
      });
    }
    await sleep(jitter(4_000, 6_000));
  }
}
