// Price ids of the seeded demo catalogue, by lookup key (tests call seedCatalog first).
import { eq } from 'drizzle-orm';
import { db } from '@/db';
import { prices } from '@/db/schema';

export async function priceIdOf(lookupKey = 'credits_100'): Promise<string> {
  const [row] = await db.select({ id: prices.id }).from(prices).where(eq(prices.lookupKey, lookupKey));
  if (!row) throw new Error(`price ${lookupKey} is not seeded`);
  return row.id;
}
