// Stripe's wire format: `a[b][0][c]=x` bracket keys, decoded into nested plain objects.
import { type ApiError, validationError } from './errors';

export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

function malformed(message: string, param?: string): ApiError {
  return validationError(message, param);
}

const MAX_DEPTH = 12;
const MAX_PAIRS = 10_000;

/** A null-prototype object, so keys like `__proto__` are ordinary data. */
export function emptyForm(): FormObject {
  return Object.create(null) as FormObject;
}

export function isFormObject(v: unknown): v is FormObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function decode(part: string): string {
  if (!part.includes('%') && !part.includes('+')) return part;
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    throw malformed('Invalid URL-encoded request body: malformed percent-encoding.');
  }
}

function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open === -1) return [key];
  const parts = [key.slice(0, open)];
  let rest = key.slice(open);
  while (rest.length > 0) {
    const close = rest.indexOf(']');
    if (rest[0] !== '[' || close === -1) throw malformed(`Invalid parameter name: ${key}`, key);
    parts.push(rest.slice(1, close));
    rest = rest.slice(close + 1);
  }
  if (parts.length > MAX_DEPTH) throw malformed(`Parameter nested too deeply: ${key}`, key);
  return parts;
}

function assign(root: FormObject, key: string, value: string): void {
  const parts = splitKey(key);
  const head = parts[0];
  if (head === undefined || head === '') throw malformed(`Invalid parameter name: ${key}`, key);
  let node: FormObject = root;
  for (let i = 0; i < parts.length; i++) {
    let part = parts[i] as string;
    const last = i === parts.length - 1;
    // `x[]` appends: give it the next free numeric index.
    if (part === '' && i > 0) part = String(Object.keys(node).length);
    const existing = node[part];
    if (last) {
      if (existing !== undefined && typeof existing !== 'string') {
        throw malformed(`Invalid parameter: ${key} is both a value and a hash.`, key);
      }
      node[part] = value;
      return;
    }
    if (existing === undefined) {
      const child = emptyForm();
      node[part] = child;
      node = child;
    } else if (isFormObject(existing)) {
      node = existing;
    } else {
      throw malformed(`Invalid parameter: ${key} is both a value and a hash.`, key);
    }
  }
}

/** Parses an `application/x-www-form-urlencoded` string (a body or a query string). */
export function parseForm(text: string): FormObject {
  const root = emptyForm();
  if (text.length === 0) return root;
  const pairs = text.split('&');
  if (pairs.length > MAX_PAIRS) throw malformed('Too many parameters.');
  for (const pair of pairs) {
    if (pair.length === 0) continue;
    const eq = pair.indexOf('=');
    const key = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    assign(root, key, value);
  }
  return root;
}

/** Turns parsed JSON into the same shape a form body has (scalars become strings). */
export function fromJson(value: unknown, depth = 0): FormValue {
  if (depth > MAX_DEPTH) throw malformed('JSON nested too deeply.');
  if (value === null) return '';
  if (Array.isArray(value)) return value.map((v) => fromJson(v, depth + 1));
  if (typeof value === 'object') {
    const out = emptyForm();
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = fromJson(v, depth + 1);
    return out;
  }
  return String(value);
}

/** Merges query-string parameters with body parameters (body wins), as Stripe accepts both. */
export function mergeForms(query: FormObject, body: FormObject): FormObject {
  const out = emptyForm();
  for (const k of Object.keys(query)) out[k] = query[k] as FormValue;
  for (const k of Object.keys(body)) out[k] = body[k] as FormValue;
  return out;
}
