import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '@/scripts/test/harness';
import { handledEventTypes } from './handlers';
import { ensureEmulatorEndpoint, webhookSecrets, webhookUrl } from './secrets';

let h: Harness;
// Emulator mode with no STRIPE_WEBHOOK_SECRET: the app registers its own endpoint.
beforeAll(async () => (h = await startHarness({ env: { STRIPE_WEBHOOK_SECRET: '' } })));
afterAll(() => h.stop());

const ours = async () => (await h.stripe.webhookEndpoints.list({ limit: 100 })).data.filter((e) => e.url === webhookUrl());

describe('the webhook endpoint registered in emulator mode', () => {
  it('subscribes to exactly the handled event types, keeps one endpoint, and verifies with its secret', async () => {
    await ensureEmulatorEndpoint();
    const [endpoint, ...extra] = await ours();
    expect(extra).toEqual([]);
    expect([...endpoint!.enabled_events].sort()).toEqual(handledEventTypes().sort());
    expect(endpoint!.enabled_events).not.toContain('*');
    expect(await webhookSecrets()).toHaveLength(1);

    // An endpoint registered by an older version with every event is narrowed, not duplicated.
    await h.stripe.webhookEndpoints.update(endpoint!.id, { enabled_events: ['*'] });
    await ensureEmulatorEndpoint();
    const after = await ours();
    expect(after.map((e) => e.id)).toEqual([endpoint!.id]);
    expect([...after[0]!.enabled_events].sort()).toEqual(handledEventTypes().sort());
  });
});
