// Shared `price_data` parameter shapes (kept apart so prices and products can both use them).
import { MAX_AMOUNT } from '../payments/currency';
import { accepted, decimal, int, obj, oneOf, required, str } from '../wire/schema';

export const recurringField = obj({
  interval: required(oneOf('day', 'week', 'month', 'year')),
  interval_count: int({ min: 1, max: 365 }),
  trial_period_days: int({ min: 0, max: 730 }),
  usage_type: oneOf('licensed', 'metered'),
  meter: accepted(),
  aggregate_usage: accepted(),
});

export const priceDataShape = {
  currency: required(str()),
  unit_amount: int({ min: 0, max: MAX_AMOUNT }),
  unit_amount_decimal: decimal(),
  recurring: recurringField,
  tax_behavior: oneOf('exclusive', 'inclusive', 'unspecified'),
  currency_options: accepted(),
  custom_unit_amount: accepted(),
};
