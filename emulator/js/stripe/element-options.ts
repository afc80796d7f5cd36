import type { FrameElementType, FrameOptions } from '../shared/bridge-messages';
import { isRecord } from '../shared/is-record';

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function addressCollected(fields: unknown): boolean | undefined {
  const billing = record(fields).billingDetails;
  if (billing === 'never') return false;
  const address = record(billing).address;
  if (address === 'never') return false;
  if (isRecord(address)) return address.postalCode !== 'never' && address.country !== 'never';
  return undefined;
}

/** Reads the card-field subset of Payment/Card Element options, merged over what was set before. */
export function frameOptionsFrom(type: FrameElementType, raw: unknown, previous: FrameOptions): FrameOptions {
  const options = record(raw);
  const next: FrameOptions = { ...previous };
  if (type === 'card') {
    if (typeof options.hidePostalCode === 'boolean') next.hidePostalCode = options.hidePostalCode;
    if (typeof options.disabled === 'boolean') next.disabled = options.disabled;
    const postalCode = record(options.value).postalCode;
    if (typeof postalCode === 'string') next.postalCode = postalCode;
    return next;
  }
  if (typeof options.readOnly === 'boolean') next.disabled = options.readOnly;
  const collect = addressCollected(options.fields);
  if (collect !== undefined) next.collectAddress = collect;
  const address = record(record(record(options.defaultValues).billingDetails).address);
  if (typeof address.postal_code === 'string') next.postalCode = address.postal_code;
  if (typeof address.country === 'string') next.country = address.country;
  return next;
}
