import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './database-unavailable';
import { toResponse } from './errors';

const coded = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('database outages', () => {
  it('recognises connection failures and shutdown/start-up answers, also wrapped by Drizzle', () => {
    expect(isDatabaseUnavailable(coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isDatabaseUnavailable(coded('write CONNECTION_CLOSED', 'CONNECTION_CLOSED'))).toBe(true);
    expect(isDatabaseUnavailable(coded('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isDatabaseUnavailable(coded('the database system is starting up', '57P03'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Failed query: select 1', { cause: coded('connect ECONNREFUSED', 'ECONNREFUSED') }))).toBe(true);
  });

  it('leaves bugs and data errors alone', () => {
    expect(isDatabaseUnavailable(new Error('connect ECONNREFUSED 10.0.0.5:5432'))).toBe(false);
    expect(isDatabaseUnavailable(coded('duplicate key value', '23505'))).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });

  it('answers 503 with Retry-After and no internals', async () => {
    const res = toResponse(
      new Error('Failed query: select "id" from "users"', { cause: coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED') }),
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const text = await res.text();
    expect(text).not.toMatch(/ECONNREFUSED|users|5432/);
    expect(JSON.parse(text)).toEqual({
      error: { code: 'unavailable', message: 'The service is temporarily unavailable. Please try again shortly.' },
    });
  });
});
