import Link from 'next/link';

/** The link to the next keyset page, keeping the current filters; nothing on the last page. */
export function NextPageLink({
  base,
  params = {},
  cursor,
  label = 'Next page →',
}: {
  base: string;
  params?: Record<string, string | undefined>;
  cursor: string | null;
  label?: string;
}) {
  if (!cursor) return null;
  const query = new URLSearchParams(Object.entries({ ...params, cursor }).filter((e): e is [string, string] => !!e[1]));
  return (
    <Link href={`${base}?${query}`} className="inline-block">
      {label}
    </Link>
  );
}
