// After a run: wait until Stripe (the emulator) has delivered everything and our worker has
// processed it, then compare both sides object by object. Shared by the load test and the drills.
import postgres from 'postgres';
import Stripe from 'stripe';

export type StripeSide = { account: string; url: string; secretKey: string };

export type Reconciliation = {
  /** PaymentIntents succeeded at Stripe whose row is missing or not `succeeded` (or on another account). */
  lost: string[];
  /** Payments with more than one PaymentIntent or more than one successful charge, or audited as succeeded twice. */
  duplicated: string[];
  /** Rows `succeeded` whose PaymentIntent is not succeeded at Stripe. */
  phantom: string[];
  /** Stripe refunds whose row is missing or has another status or amount. */
  refundMismatches: string[];
  /** Events Stripe created that our inbox does not hold. */
  eventsMissing: string[];
  /** Webhooks we answered 200 that are not in the inbox. */
  webhooksLost: string[];
  /** Events not processed (still pending/failed, or dead). */
  eventsUnprocessed: number;
  /** Jobs of the event queue that are not completed. */
  jobsOpen: number;
  counts: { intentsSucceeded: number; rowsSucceeded: number; refunds: number; events: number; rowsByAccount: Record<string, number> };
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function client(side: StripeSide): Stripe {
  const u = new URL(side.url);
  return new Stripe(side.secretKey, { host: u.hostname, port: Number(u.port), protocol: 'http', maxNetworkRetries: 2 });
}

/** Waits until every emulator has nothing left to deliver and the inbox and the event queue are empty. */
export async function settle(databaseUrl: string, sides: StripeSide[], timeoutMs = 90_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    for (;;) {
      for (const side of sides) {
        await fetch(`${side.url}/_emulator/deliveries/settle`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ timeoutMs: 10_000 }),
        }).catch(() => null);
      }
      const [row] = await sql<{ open: number; jobs: number }[]>`
        select (select count(*)::int from stripe_events where status in ('pending', 'failed')) as open,
               (select count(*)::int from pgboss.job where name = 'stripe.event' and state in ('created', 'retry', 'active')) as jobs`;
      if (row && row.open === 0 && row.jobs === 0) return true;
      if (Date.now() > deadline) return false;
      await sleep(500);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Compares every PaymentIntent, charge, refund and event at Stripe with our rows. Events are
 * checked from `since` (unix seconds): earlier ones (the catalogue seeded before the app was up)
 * are the backfill's business, not the run's.
 */
export async function reconcile(
  databaseUrl: string,
  sides: StripeSide[],
  options: { acceptedWebhooks?: string[]; since?: number } = {},
): Promise<Reconciliation> {
  const acceptedWebhooks = options.acceptedWebhooks ?? [];
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  try {
    const rows = await sql<
      { id: string; pi: string | null; status: string; account: string }[]
    >`select id, stripe_payment_intent_id as pi, status, stripe_account as account from payments`;
    const byPi = new Map(rows.filter((r) => r.pi).map((r) => [r.pi!, r]));
    const lost: string[] = [];
    const duplicated = new Set<string>();
    const phantom: string[] = [];
    const refundMismatches: string[] = [];
    const eventsMissing: string[] = [];
    const succeededAtStripe = new Set<string>();
    const intentsPerPayment = new Map<string, number>();
    const stored = new Set((await sql<{ id: string }[]>`select id from stripe_events`).map((r) => r.id));
    const refundRows = new Map(
      (
        await sql<
          { sid: string; status: string; amount: number }[]
        >`select stripe_refund_id as sid, status, amount::int from refunds where stripe_refund_id is not null`
      ).map((r) => [r.sid, r]),
    );
    let refundsAtStripe = 0;
    let eventsAtStripe = 0;
    for (const side of sides) {
      const stripe = client(side);
      for await (const pi of stripe.paymentIntents.list({ limit: 100 })) {
        const ours = pi.metadata?.payment_id;
        if (ours) intentsPerPayment.set(ours, (intentsPerPayment.get(ours) ?? 0) + 1);
        if (pi.status !== 'succeeded') continue;
        succeededAtStripe.add(pi.id);
        const row = byPi.get(pi.id);
        if (!row || row.status !== 'succeeded' || row.account !== side.account) lost.push(`${side.account}:${pi.id}`);
      }
      const chargesPerIntent = new Map<string, number>();
      for await (const charge of stripe.charges.list({ limit: 100 })) {
        const pi = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
        if (pi && charge.status === 'succeeded') chargesPerIntent.set(pi, (chargesPerIntent.get(pi) ?? 0) + 1);
      }
      for (const [pi, n] of chargesPerIntent) if (n > 1) duplicated.add(`charged ${n}× ${pi}`);
      for await (const refund of stripe.refunds.list({ limit: 100 })) {
        refundsAtStripe++;
        const row = refundRows.get(refund.id);
        if (!row || row.status !== refund.status || row.amount !== refund.amount)
          refundMismatches.push(
            `${side.account}:${refund.id} stripe=${refund.status}/${refund.amount} ours=${row ? `${row.status}/${row.amount}` : 'missing'}`,
          );
      }
      for await (const event of stripe.events.list({ limit: 100, ...(options.since ? { created: { gte: options.since } } : {}) })) {
        eventsAtStripe++;
        if (!stored.has(event.id)) eventsMissing.push(`${side.account}:${event.id} ${event.type}`);
      }
    }
    for (const [payment, n] of intentsPerPayment) if (n > 1) duplicated.add(`payment ${payment} has ${n} PaymentIntents`);
    for (const r of rows) if (r.status === 'succeeded' && r.pi && !succeededAtStripe.has(r.pi)) phantom.push(`${r.account}:${r.pi}`);
    const audited = await sql<{ target: string; n: number }[]>`
      select target_id as target, count(*)::int as n from audit_log where action = 'payment.succeeded' group by target_id having count(*) > 1`;
    for (const a of audited) duplicated.add(`payment ${a.target} audited as succeeded ${a.n}×`);
    const webhooksLost = acceptedWebhooks.filter((id) => !stored.has(id));
    const [open] = await sql<{ unprocessed: number; jobs: number }[]>`
      select (select count(*)::int from stripe_events where status not in ('processed', 'ignored')) as unprocessed,
             (select count(*)::int from pgboss.job where name = 'stripe.event' and state <> 'completed') as jobs`;
    const rowsByAccount: Record<string, number> = {};
    for (const r of rows) if (r.status === 'succeeded') rowsByAccount[r.account] = (rowsByAccount[r.account] ?? 0) + 1;
    return {
      lost,
      duplicated: [...duplicated],
      phantom,
      refundMismatches,
      eventsMissing,
      webhooksLost,
      eventsUnprocessed: open?.unprocessed ?? 0,
      jobsOpen: open?.jobs ?? 0,
      counts: {
        intentsSucceeded: succeededAtStripe.size,
        rowsSucceeded: rows.filter((r) => r.status === 'succeeded').length,
        refunds: refundsAtStripe,
        events: eventsAtStripe,
        rowsByAccount,
      },
    };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** True when nothing was lost, doubled or left behind. */
export function clean(r: Reconciliation): boolean {
  return (
    r.lost.length +
      r.duplicated.length +
      r.phantom.length +
      r.refundMismatches.length +
      r.eventsMissing.length +
      r.webhooksLost.length +
      r.eventsUnprocessed +
      r.jobsOpen ===
    0
  );
}
