import 'server-only';
import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { db } from '@/db';
import { appSettings } from '@/db/schema';
import { env } from '@/lib/env';
import { logger } from '@/lib/log/logger';
import { stripeCall } from '@/lib/stripe/call';
import { handledEventTypes } from './handlers';

const settingKey = (url: string) => `emulator_webhook:${url}`;
let cache: { at: number; secrets: string[] } | undefined;

/** The endpoint URL Stripe (or the emulator) delivers to. */
export const webhookUrl = () => `${env().appUrl}/api/webhooks/stripe`;

/**
 * The secrets a delivery may be signed with: STRIPE_WEBHOOK_SECRET (several during rotation)
 * whenever set; otherwise, in emulator mode, the secret of the endpoint we registered; plus the
 * fallback account's STRIPE_FALLBACK_WEBHOOK_SECRET when one is configured.
 */
export async function webhookSecrets(): Promise<string[]> {
  // Deliveries from the fallback account are signed with its own endpoint's secret.
  const fallback = env().stripe.fallback?.webhookSecrets ?? [];
  const configured = env().stripe.webhookSecrets;
  if (configured.length > 0) return [...configured, ...fallback];
  if (cache && Date.now() - cache.at < 10_000) return [...cache.secrets, ...fallback];
  const [row] = await db
    .select()
    .from(appSettings)
    .where(eq(appSettings.key, settingKey(webhookUrl())));
  const secrets = row ? [(JSON.parse(row.value) as { secret: string }).secret] : [];
  cache = { at: Date.now(), secrets };
  return [...secrets, ...fallback];
}

/**
 * Emulator mode without STRIPE_WEBHOOK_SECRET: registers our endpoint with the emulator once and
 * keeps its secret in the database, so every instance and every restart verifies with it.
 */
export async function ensureEmulatorEndpoint(): Promise<void> {
  const e = env();
  if (e.stripe.mode !== 'emulator' || e.stripe.webhookSecrets.length > 0) return;
  const url = webhookUrl();
  // Only the events we handle: Stripe then sends nothing we would store just to ignore.
  const enabled = handledEventTypes() as Stripe.WebhookEndpointCreateParams.EnabledEvent[];
  const [row] = await db
    .select()
    .from(appSettings)
    .where(eq(appSettings.key, settingKey(url)));
  if (row) {
    const { endpointId } = JSON.parse(row.value) as { endpointId: string };
    const existing = await stripeCall('webhookEndpoints.retrieve', (s) => s.webhookEndpoints.retrieve(endpointId)).catch(() => null);
    if (existing && [...existing.enabled_events].sort().join() !== [...enabled].sort().join()) {
      await stripeCall('webhookEndpoints.update', (s) => s.webhookEndpoints.update(endpointId, { enabled_events: enabled }));
    }
    if (existing) return;
  }
  const endpoint = await stripeCall('webhookEndpoints.create', (s) =>
    s.webhookEndpoints.create({ url, enabled_events: enabled, description: 'Paydeck (registered at start-up)' }),
  );
  if (!endpoint.secret) throw new Error('the emulator returned no webhook secret');
  const value = JSON.stringify({ endpointId: endpoint.id, secret: endpoint.secret });
  await db
    .insert(appSettings)
    .values({ key: settingKey(url), value })
    .onConflictDoUpdate({ target: appSettings.key, set: { value, updatedAt: new Date() } });
  cache = undefined;
  logger.info({ url, endpointId: endpoint.id }, 'registered the webhook endpoint with the Stripe emulator');
}

/** Start-up: registers the emulator endpoint, retrying every few seconds until the emulator answers. */
export function registerEmulatorEndpointInBackground(): void {
  const e = env();
  if (e.building || e.stripe.mode !== 'emulator' || e.stripe.webhookSecrets.length > 0 || !e.databaseUrl) return;
  const attempt = (n: number) => {
    ensureEmulatorEndpoint().catch((err: unknown) => {
      logger.warn({ err, attempt: n }, 'could not register the webhook endpoint with the emulator yet');
      setTimeout(() => attempt(n + 1), Math.min(10_000, 1_000 * n)).unref();
    });
  };
  attempt(1);
}
