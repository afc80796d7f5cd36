// Unit: Stripe's bracket form encoding and the parameter schemas built on it.
import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { parseForm } from './form';
import { arr, bool, int, metadata, obj, oneOf, parseParams, required, str } from './schema';

function error(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('parseForm', () => {
  it('decodes nested hashes, indexed arrays and appended arrays', () => {
    const f = parseForm('amount=2000&metadata[order]=o%201&items[0][price]=p1&items[1][price]=p2&expand[]=a&expand[]=b.c&q=x+y');
    expect(JSON.parse(JSON.stringify(f))).toEqual({
      amount: '2000',
      metadata: { order: 'o 1' },
      items: { 0: { price: 'p1' }, 1: { price: 'p2' } },
      expand: { 0: 'a', 1: 'b.c' },
      q: 'x y',
    });
  });

  it('keeps __proto__ as plain data', () => {
    const f = parseForm('__proto__[polluted]=1');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(f)).toEqual(['__proto__']);
  });

  it('rejects malformed bodies with 400s', () => {
    expect(error(() => parseForm('a=%zz')).status).toBe(400);
    expect(error(() => parseForm('a=1&a[b]=2')).status).toBe(400);
    expect(error(() => parseForm('a[b=1')).status).toBe(400);
    expect(error(() => parseForm(`a${'[x]'.repeat(20)}=1`)).status).toBe(400);
  });
});

describe('schemas', () => {
  const shape = {
    amount: required(int({ min: 1 })),
    confirm: bool(),
    capture_method: oneOf('automatic', 'manual'),
    items: arr(obj({ price: required(str()) })),
    metadata: metadata(),
  };

  it('types and coerces values', () => {
    const p = parseParams(shape, parseForm('amount=5&confirm=true&capture_method=manual&items[0][price]=p&metadata[k]=v'));
    expect(p).toEqual({ amount: 5, confirm: true, capture_method: 'manual', items: [{ price: 'p' }], metadata: { k: 'v' } });
  });

  it('reports Stripe’s error codes and parameter paths', () => {
    expect(error(() => parseParams(shape, parseForm('confirm=true'))).body).toMatchObject({ code: 'parameter_missing', param: 'amount' });
    expect(error(() => parseParams(shape, parseForm('amount=1&foo=1'))).body).toMatchObject({ code: 'parameter_unknown', param: 'foo' });
    expect(error(() => parseParams(shape, parseForm('amount=1&items[0][bar]=1'))).body).toMatchObject({
      code: 'parameter_unknown',
      param: 'items[0][bar]',
    });
    expect(error(() => parseParams(shape, parseForm('amount=1&items[0][x]=1&items[1][price]=p'))).body.param).toBe('items[0][x]');
    expect(error(() => parseParams(shape, parseForm('amount=abc'))).body).toMatchObject({
      code: 'parameter_invalid_integer',
      param: 'amount',
    });
    expect(error(() => parseParams(shape, parseForm('amount=1&confirm=yes'))).body.param).toBe('confirm');
    expect(error(() => parseParams(shape, parseForm('amount=1&capture_method=later'))).body.message).toMatch(
      /must be one of automatic or manual/,
    );
    expect(error(() => parseParams(shape, parseForm('amount=0'))).body.param).toBe('amount');
  });

  it('treats an empty string as unsetting metadata', () => {
    expect(parseParams(shape, parseForm('amount=1&metadata=')).metadata).toBeNull();
  });
});
