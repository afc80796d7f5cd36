import type { StripeError } from '@stripe/stripe-js';
import type { CardBrand, ValidationError } from './card-validation';
import type { FormValue } from './form-encode';
import { isRecord } from './is-record';

/** Tag on every postMessage of the stand-in, so unrelated messages are ignored. */
const BRIDGE = 'paydeck-stripe-emulator';

export type FrameElementType = 'payment' | 'card';

/** Options the merchant may set on a card-field Element; never card data. */
export interface FrameOptions {
  disabled?: boolean;
  hidePostalCode?: boolean;
  postalCode?: string;
  country?: string;
  collectAddress?: boolean;
}

/** What the card frame learns from its URL fragment. */
export interface FrameConfig {
  channel: string;
  parentOrigin: string;
  key: string;
  elementType: FrameElementType;
  options: FrameOptions;
}

/** Everything the merchant page may learn about what was typed: no number, expiry or CVC. */
export interface CardState {
  empty: boolean;
  complete: boolean;
  brand: CardBrand;
  error?: ValidationError;
  postalCode: string;
  country?: string;
}

export type ToFrame =
  | { kind: 'update'; options: FrameOptions }
  | { kind: 'focus' }
  | { kind: 'blur' }
  | { kind: 'clear' }
  | { kind: 'validate'; requestId: string }
  | { kind: 'create-payment-method'; requestId: string; params: Record<string, FormValue> };

export type FromFrame =
  | { kind: 'ready'; height: number }
  | { kind: 'resize'; height: number }
  | { kind: 'change'; state: CardState }
  | { kind: 'focus' }
  | { kind: 'blur' }
  | { kind: 'escape' }
  | { kind: 'validated'; requestId: string; error?: ValidationError }
  | { kind: 'payment-method'; requestId: string; paymentMethod?: unknown; error?: StripeError };

/** What the 3-D Secure page learns from its URL fragment when it runs inside the modal. */
export interface ChallengeFrameConfig {
  channel: string;
  parentOrigin: string;
}

export type FromChallenge = { kind: 'challenge-complete'; outcome: 'complete' | 'fail' };

interface Envelope<M> {
  bridge: typeof BRIDGE;
  channel: string;
  message: M;
}

export function envelope<M extends { kind: string }>(channel: string, message: M): Envelope<M> {
  return { bridge: BRIDGE, channel, message };
}

/** Unwraps a message of ours on `channel`; callers have already checked origin and source. */
export function openEnvelope<M extends { kind: string }>(data: unknown, channel: string): M | null {
  if (!isRecord(data) || data.bridge !== BRIDGE || data.channel !== channel) return null;
  const { message } = data;
  return isRecord(message) && typeof message.kind === 'string' ? (message as M) : null;
}

export function randomId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `${prefix}_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
