/** The demo catalogue `npm run stripe:seed` creates, each price found again by its lookup key. */
export type CatalogEntry = {
  lookupKey: string;
  product: { name: string; description: string; metadata: Record<string, string> };
  unitAmount: number;
  currency: string;
  recurring?: { interval: 'month' | 'year'; trialDays?: number };
  nickname: string;
};

export const DEMO_CATALOG: CatalogEntry[] = [
  {
    lookupKey: 'credits_100',
    product: { name: '100 credits', description: 'A starter pack of 100 credits.', metadata: { paydeck_kind: 'credits', credits: '100' } },
    unitAmount: 1_000,
    currency: 'usd',
    nickname: '100 credits',
  },
  {
    lookupKey: 'credits_500',
    product: {
      name: '500 credits',
      description: 'Five hundred credits at a 10% discount.',
      metadata: { paydeck_kind: 'credits', credits: '500' },
    },
    unitAmount: 4_500,
    currency: 'usd',
    nickname: '500 credits',
  },
  {
    lookupKey: 'credits_100_jpy',
    product: {
      name: '100 credits (JPY)',
      description: 'The starter pack, priced in yen.',
      metadata: { paydeck_kind: 'credits', credits: '100' },
    },
    unitAmount: 1_500,
    currency: 'jpy',
    nickname: '100 credits (JPY)',
  },
  {
    lookupKey: 'starter_monthly',
    product: {
      name: 'Starter',
      description: 'For individuals getting started.',
      metadata: { paydeck_kind: 'plan', plan: 'starter', rank: '1' },
    },
    unitAmount: 900,
    currency: 'usd',
    recurring: { interval: 'month', trialDays: 14 },
    nickname: 'Starter monthly',
  },
  {
    lookupKey: 'starter_yearly',
    product: {
      name: 'Starter',
      description: 'For individuals getting started.',
      metadata: { paydeck_kind: 'plan', plan: 'starter', rank: '1' },
    },
    unitAmount: 9_000,
    currency: 'usd',
    recurring: { interval: 'year' },
    nickname: 'Starter yearly',
  },
  {
    lookupKey: 'pro_monthly',
    product: { name: 'Pro', description: 'For teams that need every feature.', metadata: { paydeck_kind: 'plan', plan: 'pro', rank: '2' } },
    unitAmount: 2_900,
    currency: 'usd',
    recurring: { interval: 'month' },
    nickname: 'Pro monthly',
  },
  {
    lookupKey: 'pro_yearly',
    product: { name: 'Pro', description: 'For teams that need every feature.', metadata: { paydeck_kind: 'plan', plan: 'pro', rank: '2' } },
    unitAmount: 29_000,
    currency: 'usd',
    recurring: { interval: 'year' },
    nickname: 'Pro yearly',
  },
];
