import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { authenticate, registerUser } from './accounts';

describe('registerUser / authenticate', () => {
  it('creates an account with an argon2id hash and signs in with it', async () => {
    const user = await registerUser({ name: 'Ann', email: 'Ann@Example.com ', password: 'correct horse battery' });
    expect(user.email).toBe('ann@example.com');
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.role).toBe('user');
    expect((await authenticate({ email: 'ANN@example.com', password: 'correct horse battery' }))?.id).toBe(user.id);
  });

  it('answers bad credentials with null, whatever was wrong', async () => {
    await registerUser({ name: 'Bo', email: 'bo@example.com', password: 'correct horse battery' });
    expect(await authenticate({ email: 'bo@example.com', password: 'wrong password!' })).toBeNull();
    expect(await authenticate({ email: 'nobody@example.com', password: 'correct horse battery' })).toBeNull();
    expect(await authenticate({ email: 'not-an-email', password: '' })).toBeNull();
  });

  it('reports a taken email and invalid fields as field errors', async () => {
    await registerUser({ name: 'Cy', email: 'cy@example.com', password: 'correct horse battery' });
    const duplicate = await registerUser({ name: 'Cy 2', email: 'CY@example.com', password: 'another long one' }).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(AppError);
    expect((duplicate as AppError).details?.fields?.email).toEqual(['An account with this email already exists.']);

    const invalid = await registerUser({ name: '', email: 'nope', password: 'short' }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ name: 'ZodError' });
  });
});
