import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, toResponse } from './errors';

describe('toResponse', () => {
  it('maps an AppError to its status and safe message', async () => {
    const res = toResponse(new AppError('forbidden'));
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: 'forbidden', message: 'You are not allowed to do that.' } });
  });

  it('maps zod errors to 422 with field messages', async () => {
    const parsed = z.object({ quantity: z.number().int().positive() }).safeParse({ quantity: -1 });
    const res = toResponse(parsed.error);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; fields: Record<string, string[]> } };
    expect(body.error.code).toBe('validation_failed');
    expect(Object.keys(body.error.fields)).toEqual(['quantity']);
  });

  it('hides unknown errors behind a generic 500', async () => {
    const res = toResponse(new Error('connect ECONNREFUSED 10.0.0.5:5432 at /srv/app/db.ts:12'));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/ECONNREFUSED|db\.ts|at /);
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'Something went wrong on our side.' } });
  });

  it('maps text the database refuses (a NUL character) to 422, also when wrapped by the query builder', async () => {
    const refused = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
    for (const error of [refused, Object.assign(new Error('Failed query: select …'), { cause: refused })]) {
      const res = toResponse(error);
      expect(res.status).toBe(422);
      expect(await res.json()).toEqual({
        error: { code: 'validation_failed', message: 'Text may not contain NUL or other unsupported characters.' },
      });
    }
    expect(toResponse(Object.assign(new Error('relation does not exist'), { code: '42P01' })).status).toBe(500);
  });

  it('sets Retry-After for rate limits', () => {
    const res = toResponse(new AppError('rate_limited', undefined, { retryAfterSeconds: 7 }));
    expect(res.status).toBe(429);
    expect(res.headers.get('Retry-After')).toBe('7');
  });
});
