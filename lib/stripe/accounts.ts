import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { env } from '@/lib/env';
import { logger } from '@/lib/log/logger';
import { breakerMemory, CircuitBreaker, type BreakerMemory, type BreakerSnapshot } from './breaker';

/** Which Stripe account a call goes to; `payments.stripe_account` records it per payment. */
export type StripeAccount = 'primary' | 'fallback';

// On globalThis: route handlers, pages and server actions are separate bundles in one process and
// must share one breaker per account. Only the plain state is shared; each bundle wraps it in its
// own CircuitBreaker, so the errors it throws are its own bundle's AppError.
const globalForAccounts = globalThis as unknown as {
  paydeckBreakerMemory?: Map<StripeAccount, BreakerMemory>;
  paydeckAccountContext?: AsyncLocalStorage<StripeAccount>;
};

/** The breaker guarding calls to `account` in this process. */
export function breakerFor(account: StripeAccount): CircuitBreaker {
  const memories = (globalForAccounts.paydeckBreakerMemory ??= new Map());
  let memory = memories.get(account);
  if (!memory) {
    memory = breakerMemory();
    memories.set(account, memory);
  }
  const { threshold, cooldownMs } = env().stripe.breaker;
  return new CircuitBreaker(
    account,
    {
      threshold,
      cooldownMs,
      onChange: (from, to) => {
        if (to === 'open') logger.error({ account, from, to }, 'stripe circuit breaker open');
        else logger.warn({ account, from, to }, `stripe circuit breaker ${to}`);
      },
    },
    memory,
  );
}

/** Every breaker's state, for health and metrics. */
export function breakerStates(): Partial<Record<StripeAccount, BreakerSnapshot>> {
  const out: Partial<Record<StripeAccount, BreakerSnapshot>> = {};
  for (const account of configuredAccounts()) out[account] = breakerFor(account).snapshot();
  return out;
}

/** Tests and drills start from closed breakers. */
export function resetBreakers(): void {
  globalForAccounts.paydeckBreakerMemory = undefined;
}

export function fallbackConfigured(): boolean {
  return env().stripe.fallback !== undefined;
}

export function configuredAccounts(): StripeAccount[] {
  return fallbackConfigured() ? ['primary', 'fallback'] : ['primary'];
}

/**
 * The account that takes a NEW one-time payment now: the primary while its breaker lets calls
 * through, otherwise the fallback when one is configured and available. Throws the primary's
 * BreakerOpenError when neither can, before the caller writes anything.
 */
export function accountForNewPayment(): StripeAccount {
  const primary = breakerFor('primary');
  if (primary.available()) return 'primary';
  if (fallbackConfigured() && breakerFor('fallback').available()) return 'fallback';
  primary.assertAvailable();
  return 'primary';
}

function context(): AsyncLocalStorage<StripeAccount> {
  return (globalForAccounts.paydeckAccountContext ??= new AsyncLocalStorage<StripeAccount>());
}

/** Runs `fn` with `account` as the default of every stripeCall inside it (webhook handlers of a fallback event). */
export function withStripeAccount<T>(account: StripeAccount, fn: () => Promise<T>): Promise<T> {
  return context().run(account, fn);
}

/** The account of the surrounding withStripeAccount, or the primary. */
export function currentStripeAccount(): StripeAccount {
  return context().getStore() ?? 'primary';
}
