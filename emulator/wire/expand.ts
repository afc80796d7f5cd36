// `expand[]`: replaces ids with objects along dotted paths (up to four levels, like Stripe),
// and fills in "includable" fields that Stripe leaves out unless asked for.
import { RawJson } from '../core/json';
import { validationError } from './errors';

type Obj = Record<string, unknown>;
interface Tree {
  [key: string]: Tree;
}

export interface Expander {
  /** The object behind an id, or null when the id is unknown. */
  resolve(id: string): object | null;
  /** An includable field of `owner` (e.g. invoice.confirmation_secret), or undefined if it is none. */
  include(owner: Obj, field: string): unknown;
}

function buildTree(paths: string[]): Tree {
  const root: Tree = {};
  for (const path of paths) {
    const parts = path.split('.');
    if (parts.length > 4) throw validationError(`You cannot expand more than 4 levels of a property. Property: ${path}`, 'expand');
    let node = root;
    for (const p of parts) {
      if (p === '') throw validationError(`Invalid expand path: ${path}`, 'expand');
      node[p] ??= {};
      node = node[p];
    }
  }
  return root;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function expandValue(raw: unknown, tree: Tree, ex: Expander, path: string): unknown {
  // Stored snapshots (event data) are expanded in their JSON form.
  const value = raw instanceof RawJson ? raw.toJSON() : raw;
  if (Array.isArray(value)) return value.map((v) => expandValue(v, tree, ex, path));
  if (!isObj(value)) return value;
  // A deleted object (a stub) has nothing further to expand.
  if (value.deleted === true) return value;
  const out: Obj = { ...value };
  for (const [key, sub] of Object.entries(tree)) {
    const here = path ? `${path}.${key}` : key;
    let v = out[key];
    if (v === undefined) {
      const included = ex.include(out, key);
      if (included === undefined) throw validationError(`This property cannot be expanded (${here}).`, 'expand');
      v = included;
    } else if (typeof v === 'string') {
      const resolved = ex.resolve(v);
      if (!resolved) throw validationError(`This property cannot be expanded (${here}).`, 'expand');
      v = resolved;
    } else if (v !== null && typeof v !== 'object') {
      throw validationError(`This property cannot be expanded (${here}).`, 'expand');
    }
    out[key] = v === null ? null : expandValue(v, sub, ex, here);
  }
  return out;
}

export function applyExpand(value: object, paths: string[], ex: Expander): object {
  if (paths.length === 0) return value;
  return expandValue(value, buildTree(paths), ex, '') as object;
}
