/** A value that can travel in Stripe's form encoding. */
export type FormValue = string | number | boolean | null | undefined | FormValue[] | { [key: string]: FormValue };

function append(pairs: string[], key: string, value: FormValue): void {
  if (value === undefined) return;
  if (value === null) {
    // Stripe reads an empty value as "unset".
    pairs.push(`${encodeURIComponent(key)}=`);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => append(pairs, `${key}[${index}]`, item));
  } else if (typeof value === 'object') {
    for (const [child, item] of Object.entries(value)) append(pairs, `${key}[${child}]`, item);
  } else {
    pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
}

/** Encodes params the way Stripe's clients do: `a[b][0]=c`, undefined skipped. */
export function formEncode(params: Record<string, FormValue>): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(params)) append(pairs, key, value);
  return pairs.join('&');
}

/** Narrows merchant-supplied params to what form encoding can carry (drops functions, Elements, DOM nodes). */
export function asFormValue(value: unknown): FormValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(asFormValue);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, FormValue> = {};
    for (const [key, item] of Object.entries(value)) out[key] = asFormValue(item);
    return out;
  }
  return undefined;
}
