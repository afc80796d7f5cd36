// The emulator's shared context: state, settings, events and delivery, handed to every handler.
import type { Deliverer } from '../webhooks/deliver';
import type { EventLog } from '../webhooks/events';
import type { State } from './state';

export interface DunningSettings {
  /** Days between automatic payment retries of a failed subscription invoice. */
  retryDays: number[];
  /** What happens to the subscription when the last retry fails (Stripe's dashboard setting). */
  afterRetries: 'cancel' | 'unpaid' | 'past_due';
  /** What happens to the invoice when the last retry fails. */
  invoiceAfterRetries: 'open' | 'uncollectible';
}

export interface Settings {
  /** When > 0, card confirmations pass through `processing` for this many ms. */
  processingMs: number;
  dunning: DunningSettings;
}

export function defaultSettings(): Settings {
  return { processingMs: 0, dunning: { retryDays: [3, 5, 7], afterRetries: 'cancel', invoiceAfterRetries: 'open' } };
}

export interface Emulator {
  state: State;
  apiVersion: string;
  /** `http://host:port` once listening; used in next_action URLs. */
  origin: string;
  settings: Settings;
  events: EventLog;
  deliverer: Deliverer;
  log: (line: string) => void;
  /** Marks state dirty so it is persisted. */
  changed: () => void;
  /** Runs `fn` later on a timer the emulator cancels on stop or reset. */
  later: (ms: number, fn: () => void) => void;
}
