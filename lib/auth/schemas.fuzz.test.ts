// Property tests on the sign-up and sign-in inputs: the schemas never throw and only accept what
// the rules say; registering with any input either creates exactly one account or is refused with
// a 4xx and creates nothing; authenticating with any input answers yes or no, never an error.
import { count } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { users } from '@/db/schema';
import { asAppError } from '@/lib/errors';
import { hostileJson, hostileString } from '@/lib/security/fuzz/properties';
import { authenticate, registerUser } from './accounts';
import { signInSchema, signUpSchema } from './schemas';

const userCount = async () => (await db.select({ n: count() }).from(users))[0]!.n;
const input = fc.oneof(
  fc.record(
    {
      name: fc.oneof(hostileString, fc.constant('Ada')),
      email: fc.oneof(
        hostileString,
        fc.emailAddress(),
        fc.emailAddress().map((e) => ` ${e.toUpperCase()} `),
      ),
      password: fc.oneof(hostileString, fc.string({ minLength: 10, maxLength: 40 })),
    },
    { requiredKeys: [] },
  ),
  hostileJson,
);

describe('sign-up and sign-in inputs under fuzzing', () => {
  it('the schemas never throw, and what they accept follows the rules', () => {
    fc.assert(
      fc.property(input, (value) => {
        const up = signUpSchema.safeParse(value);
        if (up.success) {
          expect(up.data.email).toBe(up.data.email.trim().toLowerCase());
          expect(up.data.email.length).toBeLessThanOrEqual(254);
          expect(up.data.name.length).toBeGreaterThan(0);
          expect(up.data.password.length).toBeGreaterThanOrEqual(10);
          expect(up.data.password.length).toBeLessThanOrEqual(200);
        }
        const inn = signInSchema.safeParse(value);
        if (inn.success) expect(inn.data.password.length).toBeLessThanOrEqual(200);
      }),
      { numRuns: 2000 },
    );
  });

  it('registerUser: one account for a valid input, a 4xx and no account otherwise', async () => {
    await fc.assert(
      fc.asyncProperty(input, async (value) => {
        const before = await userCount();
        const outcome = await registerUser(value).then(
          () => 'created' as const,
          (error: unknown) => asAppError(error),
        );
        if (outcome === 'created') expect(await userCount()).toBe(before + 1);
        else {
          expect(outcome.status, outcome.message).toBeLessThan(500);
          expect(await userCount()).toBe(before);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('registerUser with a valid email and password and any name: created, or a 4xx and nothing stored', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, fc.emailAddress(), fc.string({ minLength: 10, maxLength: 40 }), async (name, email, password) => {
        const before = await userCount();
        const outcome = await registerUser({ name, email, password }).then(
          () => 'created' as const,
          (error: unknown) => asAppError(error),
        );
        if (outcome !== 'created') {
          expect(outcome.status, outcome.message).toBeLessThan(500);
          expect(await userCount()).toBe(before);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('authenticate: any input answers a user or null, never throws', async () => {
    await fc.assert(
      fc.asyncProperty(input, async (value) => {
        expect([null, 'user']).toContain(await authenticate(value).then((u) => (u ? 'user' : null)));
      }),
      { numRuns: 60 },
    );
  });
});
