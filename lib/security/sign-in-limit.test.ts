import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { limitSignIn, SignInRateLimited } from './sign-in-limit';

const APP = 'http://localhost:3000';
const ip = () => `198.19.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 254) + 1}`;
const email = (tag: string) => `${tag}-${randomBytes(4).toString('hex')}@example.com`;
const request = (address: string) => new Request(`${APP}/api/auth/callback/credentials`, { headers: { 'x-forwarded-for': address } });

describe('limitSignIn', () => {
  it('counts failures per email and refuses the 11th with SignInRateLimited', async () => {
    const victim = email('victim');
    for (let i = 0; i < 10; i++) expect(await limitSignIn({ email: victim }, request(ip()), async () => null)).toBeNull();
    const error = await limitSignIn({ email: victim }, request(ip()), async () => ({ id: 'x' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInRateLimited);
    expect(error).toMatchObject({ code: 'rate_limited', userMessage: expect.stringMatching(/^Too many attempts/) });
    expect((error as SignInRateLimited).retryAfterSeconds).toBeGreaterThan(0);
  });

  it('forgives successful attempts, so an honest user never locks themselves out', async () => {
    const honest = email('honest');
    const address = ip();
    for (let i = 0; i < 40; i++)
      expect(await limitSignIn({ email: honest }, request(address), async () => ({ id: 'u' }))).toEqual({ id: 'u' });
  });

  it('does not run the credentials check at all once limited', async () => {
    const victim = email('nocheck');
    for (let i = 0; i < 10; i++) await limitSignIn({ email: victim }, request(ip()), async () => null);
    let checked = false;
    await limitSignIn({ email: victim }, request(ip()), async () => {
      checked = true;
      return null;
    }).catch(() => undefined);
    expect(checked).toBe(false);
  });
});
