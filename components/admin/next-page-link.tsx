import Link from 'next/link';

/** "Next page →" keeping the current filters, with the keyset cursor. */
export function NextPageLink({ base, params, cursor }: { base: string; params: Record<string, string | undefined>; cursor: string | null }) {
  if (!cursor) return null;
  const query = new URLSearchParams(Object.entries({ ...params, cursor }).filter((e): e is [string, string] => !!e[1]));
  return (
    <Link href={`${base}?${query}`} className="inline-block">
      Next page →
    </Link>
  );
}
