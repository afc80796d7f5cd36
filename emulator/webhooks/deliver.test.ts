// Emulator-only: webhook delivery — signatures, retries, delivery log, redelivery, chaos modes.
// (Real Stripe cannot reach a local receiver, so these run against the emulator only.)
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../server';
import { startReceiver, type Receiver } from '../test/receiver';
import { emulatorClient, eventually } from '../test/target';

let emu: EmulatorHandle;
let stripe: Stripe;
let receiver: Receiver;
const SECRET = 'whsec_test_emulator_secret';

beforeAll(async () => {
  receiver = await startReceiver();
  emu = await startEmulator({
    port: 0,
    webhookUrl: receiver.url,
    webhookSecret: SECRET,
    retrySchedule: [30, 60, 90],
    deliveryTimeoutMs: 300,
  });
  stripe = emulatorClient(emu.url);
});
afterAll(async () => {
  await emu.stop();
  await receiver.close();
});
afterEach(async () => {
  await emu.settle(5_000);
  emu.reset();
  receiver.received.length = 0;
  receiver.respond = () => 200;
});

function verify(body: string, signature: string, secret = SECRET): Stripe.Event {
  return stripe.webhooks.constructEvent(body, signature, secret);
}

describe('delivery', () => {
  it('signs every delivery so the SDK’s constructEvent accepts it', async () => {
    const customer = await stripe.customers.create({ email: 'hook@example.com' });
    await emu.settle(5_000);
    expect(receiver.received).toHaveLength(1);
    const event = verify(receiver.received[0]?.body as string, receiver.received[0]?.signature as string);
    expect(event.type).toBe('customer.created');
    expect((event.data.object as Stripe.Customer).id).toBe(customer.id);
    expect(() => verify(receiver.received[0]?.body as string, receiver.received[0]?.signature as string, 'whsec_wrong')).toThrow();
  });

  it('delivers after the API response has been sent', async () => {
    let answered = 0;
    const created = stripe.customers.create({}).then((c) => {
      answered = Date.now();
      return c;
    });
    await created;
    await emu.settle(5_000);
    expect(receiver.received[0]?.at).toBeGreaterThanOrEqual(answered - 5);
  });

  it('retries a failing receiver: fails twice, succeeds exactly on the third attempt', async () => {
    receiver.respond = (_r, i) => (i < 2 ? 500 : 200);
    const c = await stripe.customers.create({});
    expect(await emu.settle(5_000)).toBe(true);
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.eventIds()).size).toBe(1);
    const [delivery] = emu.deliveries({ event: receiver.eventIds()[0] });
    expect(delivery?.status).toBe('succeeded');
    expect(delivery?.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    const event = await stripe.events.retrieve(receiver.eventIds()[0] as string);
    expect(event.pending_webhooks).toBe(0);
    expect((event.data.object as Stripe.Customer).id).toBe(c.id);
  });

  it('gives up after the retry schedule and reports the event as not delivered', async () => {
    receiver.respond = () => 503;
    await stripe.customers.create({});
    await emu.settle(5_000);
    expect(receiver.received).toHaveLength(4);
    const [delivery] = emu.deliveries();
    expect(delivery?.status).toBe('failed');
    const failed = await stripe.events.list({ delivery_success: false });
    expect(failed.data.map((e) => e.id)).toContain(delivery?.event);
    const ok = await stripe.events.list({ delivery_success: true });
    expect(ok.data.map((e) => e.id)).not.toContain(delivery?.event);
  });

  it('treats a receiver slower than the delivery timeout as failed and retries', async () => {
    receiver.respond = async (_r, i) => {
      if (i === 0) await new Promise((r) => setTimeout(r, 600));
      return 200;
    };
    await stripe.customers.create({});
    await emu.settle(5_000);
    const [delivery] = emu.deliveries();
    expect(delivery?.attempts[0]?.error).toMatch(/timed out/);
    expect(delivery?.status).toBe('succeeded');
  });

  it('sends registered endpoints only the events they subscribed to, signed with their own secret', async () => {
    const other = await startReceiver();
    try {
      const ep = await stripe.webhookEndpoints.create({ url: other.url, enabled_events: ['product.created'] });
      await stripe.customers.create({});
      await stripe.products.create({ name: 'Hooked' });
      await emu.settle(5_000);
      expect(other.received).toHaveLength(1);
      const event = verify(other.received[0]?.body as string, other.received[0]?.signature as string, ep.secret as string);
      expect(event.type).toBe('product.created');
    } finally {
      await other.close();
    }
  });

  it('includes previous_attributes on updates', async () => {
    const c = await stripe.customers.create({ name: 'A' });
    await stripe.customers.update(c.id, { name: 'B' });
    await emu.settle(5_000);
    const updated = receiver.received.map((r) => verify(r.body, r.signature)).find((e) => e.type === 'customer.updated');
    expect(updated?.data.previous_attributes).toEqual({ name: 'A' });
  });

  it('redelivers an event on request', async () => {
    await stripe.customers.create({});
    await emu.settle(5_000);
    const id = receiver.eventIds()[0] as string;
    const res = await fetch(`${emu.url}/_emulator/events/${id}/redeliver`, { method: 'POST' });
    expect(await res.json()).toEqual({ deliveries: 1 });
    await emu.settle(5_000);
    expect(receiver.eventIds()).toEqual([id, id]);
    expect(emu.deliveries({ event: id }).some((d) => d.redelivery)).toBe(true);
  });
});

describe('chaos modes', () => {
  it('duplicate: every event arrives twice with the same id', async () => {
    emu.setChaos({ duplicate: true });
    await stripe.customers.create({});
    await emu.settle(5_000);
    const ids = receiver.eventIds();
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });

  it('shuffle: events inside the window arrive in another order', async () => {
    await fetch(`${emu.url}/_emulator/chaos`, {
      method: 'POST',
      body: JSON.stringify({ shuffleWindowMs: 150 }),
      headers: { 'Content-Type': 'application/json' },
    });
    const created: string[] = [];
    for (let i = 0; i < 6; i++) created.push((await stripe.products.create({ name: `P${i}` })).id);
    await emu.settle(5_000);
    const arrived = receiver.received.map((r) => ((JSON.parse(r.body) as Stripe.Event).data.object as Stripe.Product).id);
    expect([...arrived].sort()).toEqual([...created].sort());
    expect(arrived).not.toEqual(created);
  });

  it('delay: holds deliveries back', async () => {
    emu.setChaos({ delayMs: 250 });
    const sent = Date.now();
    await stripe.customers.create({});
    await eventually(async () => receiver.received.length === 1, 5_000, 20);
    expect((receiver.received[0]?.at as number) - sent).toBeGreaterThanOrEqual(240);
  });

  it('stale timestamp: signatures fall outside the SDK’s tolerance', async () => {
    emu.setChaos({ staleTimestampSeconds: 600 });
    await stripe.customers.create({});
    await emu.settle(5_000);
    const r = receiver.received[0];
    expect(() => verify(r?.body as string, r?.signature as string)).toThrow(/tolerance/);
    expect(stripe.webhooks.constructEvent(r?.body as string, r?.signature as string, SECRET, 900).type).toBe('customer.created');
  });

  it('is reset by the control plane', async () => {
    emu.setChaos({ duplicate: true, delayMs: 10 });
    const res = await fetch(`${emu.url}/_emulator/chaos`, { method: 'DELETE' });
    expect(await res.json()).toEqual({ duplicate: false, shuffleWindowMs: 0, delayMs: 0, staleTimestampSeconds: 0 });
  });
});
