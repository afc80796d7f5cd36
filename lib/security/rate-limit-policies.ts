import 'server-only';

/** `points` requests per `duration` seconds; over the limit the key is refused for `blockDuration` seconds (default: rest of the window). */
export type Limit = { points: number; duration: number; blockDuration?: number };

/** A policy limits per client IP, per user (account id, or the email a sign-in or sign-up names), or both. */
export type Policy = { ip?: Limit; user?: Limit };

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/**
 * Every named limit in one table, so they can be reviewed together. Per-user limits stop attacks
 * on one account or card-testing from one account; per-IP limits stop one client spraying many.
 */
export const RATE_LIMIT_POLICIES = {
  // Successful sign-ins are forgiven (see forgive()), so these count failures in practice.
  'sign-in': { ip: { points: 50, duration: 15 * MINUTE }, user: { points: 10, duration: 15 * MINUTE, blockDuration: 15 * MINUTE } },
  'sign-up': { ip: { points: 20, duration: HOUR }, user: { points: 5, duration: HOUR } },
  // Card testing runs through intent creation and confirmation: the per-user limits bound it.
  'create-intent': { ip: { points: 100, duration: 10 * MINUTE }, user: { points: 30, duration: 10 * MINUTE } },
  confirm: { ip: { points: 100, duration: 10 * MINUTE }, user: { points: 30, duration: 10 * MINUTE } },
  refund: { ip: { points: 120, duration: 10 * MINUTE }, user: { points: 60, duration: 10 * MINUTE } },
  subscription: { ip: { points: 60, duration: 10 * MINUTE }, user: { points: 20, duration: 10 * MINUTE } },
  // Stripe retries and backfills arrive in bursts from a handful of addresses: 100 per second each.
  webhook: { ip: { points: 6000, duration: MINUTE } },
  'csp-report': { ip: { points: 60, duration: MINUTE } },
} as const satisfies Record<string, Policy>;

export type RateLimitPolicy = keyof typeof RATE_LIMIT_POLICIES;
