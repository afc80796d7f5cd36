import { describe, expect, it } from 'vitest';
import { clientIp } from './client-ip';

const xff = (value: string) => new Headers({ 'x-forwarded-for': value });

describe('clientIp', () => {
  it('with no trusted proxy, takes the one address Next.js records from the socket', () => {
    expect(clientIp(xff('198.51.100.7'), 0)).toBe('198.51.100.7');
    expect(clientIp(new Headers(), 0)).toBeNull();
  });

  it('with trusted proxies, takes the entry the outermost trusted proxy appended and ignores what the client sent', () => {
    // The client claims 1.2.3.4; our load balancer appended the real address.
    expect(clientIp(xff('1.2.3.4, 198.51.100.7'), 1)).toBe('198.51.100.7');
    // CDN appended the client, then our load balancer appended the CDN.
    expect(clientIp(xff('1.2.3.4, 198.51.100.7, 192.0.2.1'), 2)).toBe('198.51.100.7');
    // Fewer entries than hops: the leftmost is the best there is.
    expect(clientIp(xff('198.51.100.7'), 3)).toBe('198.51.100.7');
  });

  it('normalises ports, brackets, zones and IPv4-mapped IPv6', () => {
    expect(clientIp(xff('198.51.100.7:51234'), 0)).toBe('198.51.100.7');
    expect(clientIp(xff('::ffff:127.0.0.1'), 0)).toBe('127.0.0.1');
    expect(clientIp(xff('[2001:db8::1]:443'), 0)).toBe('2001:db8:0:0::/64');
  });

  it('groups IPv6 clients by /64, since each holds a whole /64', () => {
    expect(clientIp(xff('2001:db8:aa:bb:1:2:3:4'), 0)).toBe('2001:db8:aa:bb::/64');
    expect(clientIp(xff('2001:db8:aa:bb:ffff::9'), 0)).toBe('2001:db8:aa:bb::/64');
    expect(clientIp(xff('::1'), 0)).toBe('0:0:0:0::/64');
  });

  it('refuses garbage rather than keying on it', () => {
    expect(clientIp(xff('not-an-ip'), 0)).toBeNull();
    expect(clientIp(xff('<script>'), 0)).toBeNull();
  });
});
