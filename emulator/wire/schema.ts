// A tiny typed schema for Stripe request parameters: unknown, missing and malformed
// parameters become Stripe's own 400 errors, and handlers receive typed values.
import { missingParam, unknownParam, validationError } from './errors';
import { isFormObject, type FormObject, type FormValue } from './form';

export interface Field<T, R extends boolean = false> {
  readonly required: R;
  parse(value: FormValue, path: string): T;
}
type AnyField = Field<unknown, boolean>;
export type Shape = Record<string, AnyField>;
type Out<F> = F extends Field<infer T, boolean> ? T : never;
/** The parsed value type of a field. */
export type Value<F> = Out<F>;
type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K] extends Field<unknown, true> ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type Parsed<S extends Shape> = Simplify<
  { [K in RequiredKeys<S>]: Out<S[K]> } & { [K in Exclude<keyof S, RequiredKeys<S>>]?: Out<S[K]> }
>;

const MAX_STRING = 5000;

function field<T>(parse: (value: FormValue, path: string) => T): Field<T> {
  return { required: false, parse };
}

function describe(value: FormValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function required<T>(f: Field<T, boolean>): Field<T, true> {
  return { required: true, parse: f.parse };
}

export function str(opts: { max?: number } = {}): Field<string> {
  const max = opts.max ?? MAX_STRING;
  return field((v, path) => {
    if (typeof v !== 'string') throw validationError(`Invalid string: ${describe(v)}`, path);
    if (v.length > max) throw validationError(`Invalid ${path}: must be at most ${max} characters`, path);
    return v;
  });
}

/** A required string that must not be blank (Stripe rejects `name=` on most creates). */
export function nonEmpty(opts: { max?: number } = {}): Field<string> {
  const inner = str(opts);
  return field((v, path) => {
    const s = inner.parse(v, path);
    if (s.trim() === '')
      throw validationError(
        `You passed an empty string for '${path}'. We assume empty values are an attempt to unset a parameter; however '${path}' cannot be unset. You should remove '${path}' from your request or supply a non-empty value.`,
        path,
        'parameter_invalid_empty',
      );
    return s;
  });
}

export function int(opts: { min?: number; max?: number } = {}): Field<number> {
  return field((v, path) => {
    if (typeof v !== 'string' || !/^-?\d{1,16}$/.test(v.trim())) {
      throw validationError(`Invalid integer: ${describe(v)}`, path, 'parameter_invalid_integer');
    }
    const n = Number(v.trim());
    if (opts.min !== undefined && n < opts.min) throw validationError(`This value must be greater than or equal to ${opts.min}.`, path);
    if (opts.max !== undefined && n > opts.max) throw validationError(`This value must be less than or equal to ${opts.max}.`, path);
    return n;
  });
}

export function bool(): Field<boolean> {
  return field((v, path) => {
    if (v === 'true') return true;
    if (v === 'false') return false;
    throw validationError(`Invalid boolean: ${describe(v)}`, path);
  });
}

export function oneOf<const V extends readonly string[]>(...values: V): Field<V[number]> {
  return field((v, path) => {
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as V[number];
    const list = values.length > 2 ? `${values.slice(0, -1).join(', ')}, or ${values[values.length - 1]}` : values.join(' or ');
    throw validationError(`Invalid ${path}: must be one of ${list}`, path);
  });
}

/** `''` unsets a value in Stripe's wire format. */
export function emptyable<T>(f: Field<T, boolean>): Field<T | null> {
  return field((v, path) => (v === '' ? null : f.parse(v, path)));
}

export function arr<T>(item: Field<T, boolean>, opts: { max?: number } = {}): Field<T[]> {
  const max = opts.max ?? 250;
  return field((v, path) => {
    let items: FormValue[];
    if (Array.isArray(v)) items = v;
    else if (isFormObject(v)) {
      const keys = Object.keys(v);
      if (!keys.every((k) => /^\d+$/.test(k))) throw validationError(`Invalid array`, path);
      items = keys.sort((a, b) => Number(a) - Number(b)).map((k) => v[k] as FormValue);
    } else if (v === '') items = [];
    else throw validationError(`Invalid array`, path);
    if (items.length > max) throw validationError(`Invalid ${path}: at most ${max} entries are allowed`, path);
    return items.map((x, i) => item.parse(x, `${path}[${i}]`));
  });
}

export function parseShape<S extends Shape>(shape: S, v: FormValue, path: string): Parsed<S> {
  if (!isFormObject(v)) throw validationError(`Invalid hash`, path || undefined);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v)) {
    const name = path ? `${path}[${key}]` : key;
    if (!Object.prototype.hasOwnProperty.call(shape, key)) throw unknownParam(name);
    out[key] = (shape[key] as AnyField).parse(v[key] as FormValue, name);
  }
  for (const key of Object.keys(shape)) {
    if ((shape[key] as AnyField).required && !(key in out)) throw missingParam(path ? `${path}[${key}]` : key);
  }
  return out as Parsed<S>;
}

export function obj<S extends Shape>(shape: S): Field<Parsed<S>> {
  return field((v, path) => parseShape(shape, v, path));
}

/** Metadata updates: `null` clears everything, a `''` value deletes that key. */
export type MetadataUpdate = Record<string, string> | null;
export function metadata(): Field<MetadataUpdate> {
  return field((v, path) => {
    if (v === '') return null;
    if (!isFormObject(v)) throw validationError('Invalid hash', path);
    const keys = Object.keys(v);
    if (keys.length > 50) throw validationError('Metadata can have at most 50 keys.', path);
    const out: Record<string, string> = {};
    for (const k of keys) {
      const val = v[k];
      if (typeof val !== 'string') throw validationError(`Invalid string: ${describe(val as FormValue)}`, `${path}[${k}]`);
      if (k.length > 40) throw validationError(`Metadata keys can have a maximum length of 40 characters.`, `${path}[${k}]`);
      if (val.length > 500) throw validationError(`Metadata values can have a maximum length of 500 characters.`, `${path}[${k}]`);
      out[k] = val;
    }
    return out;
  });
}

export function applyMetadata(current: Record<string, string> | null, update: MetadataUpdate | undefined): Record<string, string> {
  if (update === undefined) return current ?? {};
  if (update === null) return {};
  const next: Record<string, string> = { ...(current ?? {}) };
  for (const [k, v] of Object.entries(update)) {
    if (v === '') delete next[k];
    else next[k] = v;
  }
  return next;
}

/** A parameter Stripe accepts that the emulator records nowhere. */
export function accepted(): Field<FormValue> {
  return field((v) => v);
}

export type Range = { gt?: number; gte?: number; lt?: number; lte?: number };
export function range(): Field<Range> {
  const bound = int();
  const shape = { gt: bound, gte: bound, lt: bound, lte: bound };
  return field((v, path) =>
    typeof v === 'string' ? { gte: bound.parse(v, path), lte: bound.parse(v, path) } : parseShape(shape, v, path),
  );
}

export function inRange(value: number, r: Range | undefined): boolean {
  if (!r) return true;
  if (r.gt !== undefined && !(value > r.gt)) return false;
  if (r.gte !== undefined && !(value >= r.gte)) return false;
  if (r.lt !== undefined && !(value < r.lt)) return false;
  if (r.lte !== undefined && !(value <= r.lte)) return false;
  return true;
}

/** A timestamp or the literal `now` (trial_end, billing_cycle_anchor). */
export function timestampOrNow(): Field<number | 'now'> {
  const ts = int({ min: 0 });
  return field((v, path) => (v === 'now' ? 'now' : ts.parse(v, path)));
}

/** `off_session` takes a boolean or `one_off` / `recurring`. */
export function offSession(): Field<boolean> {
  return field((v, path) => {
    if (v === 'true' || v === 'one_off' || v === 'recurring') return true;
    if (v === 'false') return false;
    throw validationError(`Invalid boolean: ${describe(v)}`, path);
  });
}

/** Decimal strings such as `unit_amount_decimal`. */
export function decimal(): Field<string> {
  return field((v, path) => {
    const [whole, fraction, ...rest] = typeof v === 'string' ? v.split('.') : [];
    const ok = rest.length === 0 && /^-?\d{1,16}$/.test(whole ?? '') && (fraction === undefined || /^\d{1,12}$/.test(fraction));
    if (typeof v !== 'string' || !ok) throw validationError(`Invalid decimal: ${describe(v)}`, path);
    return v;
  });
}

export function parseParams<S extends Shape>(shape: S, form: FormObject): Parsed<S> {
  return parseShape(shape, form, '');
}

export const address = () =>
  obj({
    city: emptyable(str()),
    country: emptyable(str()),
    line1: emptyable(str()),
    line2: emptyable(str()),
    postal_code: emptyable(str()),
    state: emptyable(str()),
  });

export const pagination = {
  limit: int({ min: 1, max: 100 }),
  starting_after: str(),
  ending_before: str(),
};
