// Subscription items and the legacy `plan` view of their price.
import type Stripe from 'stripe';
import { newId } from '../core/ids';
import { decimal } from '../core/json';
import type { Interval } from '../core/time';

export function planOf(price: Stripe.Price): Stripe.Plan {
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount === null ? null : decimal(price.unit_amount),
    billing_scheme: 'per_unit',
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? 'month',
    interval_count: price.recurring?.interval_count ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: price.recurring?.trial_period_days ?? null,
    usage_type: 'licensed',
  };
}

export function createItem(
  subscription: string,
  price: Stripe.Price,
  quantity: number,
  metadata: Record<string, string>,
  period: { start: number; end: number },
  created: number,
): Stripe.SubscriptionItem {
  return {
    id: newId('si', 14),
    object: 'subscription_item',
    billing_thresholds: null,
    created,
    current_period_end: period.end,
    current_period_start: period.start,
    current_trial: null,
    discounts: [],
    metadata,
    plan: planOf(price),
    price,
    quantity,
    subscription,
    tax_rates: [],
  };
}

export function intervalOf(price: Stripe.Price): { interval: Interval; count: number } {
  return { interval: (price.recurring?.interval ?? 'month') as Interval, count: price.recurring?.interval_count ?? 1 };
}

/** The subscription's current period (all items share it in the emulator). */
export function periodOf(sub: Stripe.Subscription): { start: number; end: number } {
  const first = sub.items.data[0];
  return { start: first?.current_period_start ?? sub.start_date, end: first?.current_period_end ?? sub.start_date };
}

export function setPeriod(sub: Stripe.Subscription, start: number, end: number): void {
  for (const item of sub.items.data) {
    item.current_period_start = start;
    item.current_period_end = end;
  }
}
