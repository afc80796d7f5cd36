// Signed webhook deliveries besides the emulator's own: a steady stream of events for intents
// that are not ours (stored, processed, no effect), from several Stripe addresses, each checked
// to be in the inbox after the run when it was answered 200.
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import type { Dispatcher } from 'undici';
import { VirtualUser } from './http';
import type { Recorder } from './metrics';

export type WebhookStream = { accepted: string[]; stop: () => Promise<void> };

export function streamWebhooks(options: {
  base: string;
  secret: string;
  perSecond: number;
  recorder: Recorder;
  agent: Dispatcher;
}): WebhookStream {
  const accepted: string[] = [];
  const senders = Array.from({ length: 8 }, (_, i) => new VirtualUser(options.base, `10.250.0.${i + 1}`, options.recorder, options.agent));
  let stopped = false;
  let sent = 0;
  const inFlight = new Set<Promise<void>>();
  const tick = async () => {
    const id = `evt_load_${randomUUID().replace(/-/g, '')}`;
    const body = JSON.stringify({
      id,
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      type: 'payment_intent.succeeded',
      data: {
        object: {
          id: `pi_load_${id.slice(10)}`,
          object: 'payment_intent',
          status: 'succeeded',
          amount: 1000,
          currency: 'usd',
          customer: null,
          metadata: {},
          last_payment_error: null,
          latest_charge: null,
        },
      },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: options.secret });
    const reply = await senders[sent++ % senders.length]!.call('POST /api/webhooks/stripe (stream)', '/api/webhooks/stripe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body,
      expect: [200],
    });
    if (reply.status === 200) accepted.push(id);
  };
  const timer = setInterval(() => {
    if (stopped) return;
    const p = tick().finally(() => inFlight.delete(p));
    inFlight.add(p);
  }, 1000 / options.perSecond);
  return {
    accepted,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await Promise.all(inFlight);
    },
  };
}
