import 'server-only';
import { isIP } from 'node:net';
import { env } from '@/lib/env';

/** Headers a client could forge when no trusted proxy sits in front of the app. */
export const FORWARDING_HEADERS = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port'] as const;

/** IPv6 clients get a whole /64 each, so a per-address limit would be trivially bypassed: key on the /64. */
function normalise(address: string): string | null {
  // "[v6]:port" → "v6"; "v4:port" → "v4"; a zone ("%eth0") says nothing about the client.
  const close = address.indexOf(']');
  const unbracketed = address.startsWith('[') && close > 0 ? address.slice(1, close) : address;
  const bare = unbracketed.replace(/%.*$/, '').replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped?.[1]) return mapped[1];
  const version = isIP(bare);
  if (version === 4) return bare;
  if (version !== 6) return null;
  const [head = '', tail = ''] = bare.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = bare.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * The client address to rate-limit on. With `hops` trusted proxies each appending to
 * X-Forwarded-For, the client is the `hops`-th entry from the right; anything further left was sent
 * by the client and is ignored. With no trusted proxy the proxy (proxy.ts) drops client-sent
 * forwarding headers, so the single entry is the socket address Next.js records.
 */
export function clientIp(headers: Headers, hops: number = env().trustProxyHops): string | null {
  const entries = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return null;
  const candidate = entries[Math.max(entries.length - Math.max(hops, 1), 0)];
  return candidate ? normalise(candidate) : null;
}
