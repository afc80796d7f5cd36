// Creates Stripe events (snapshot of the object at emission time) and hands them to delivery.
import type Stripe from 'stripe';
import { newId } from '../core/ids';
import { previousAttributes, RawJson, snapshot, type Json } from '../core/json';
import { nowSeconds } from '../core/time';
import type { State } from '../core/state';

export interface RequestInfo {
  id: string | null;
  idempotency_key: string | null;
}

const AUTOMATIC: RequestInfo = { id: null, idempotency_key: null };

export class EventLog {
  private scope: RequestInfo = AUTOMATIC;
  private buffered: Stripe.EventBase[] | null = null;

  constructor(
    private readonly state: () => State,
    private readonly apiVersion: string,
    private readonly countTargets: (event: Stripe.EventBase) => number,
    private readonly dispatch: (event: Stripe.EventBase) => void,
  ) {}

  /** Runs `fn` as one API request: its events carry the request id and collect in `events` until `release`. */
  capture<T>(request: RequestInfo, events: Stripe.EventBase[], fn: () => T): T {
    const outerScope = this.scope;
    const outerBuffer = this.buffered;
    this.scope = request;
    this.buffered = events;
    try {
      return fn();
    } finally {
      this.scope = outerScope;
      this.buffered = outerBuffer;
    }
  }

  /** Sends events captured during a request, after its response has been written. */
  release(events: Stripe.EventBase[]): void {
    for (const e of events) this.dispatch(e);
  }

  emit(type: Stripe.Event.Type, object: object, previous?: Record<string, Json> | null): Stripe.EventBase {
    return this.emitSnapshot(type, RawJson.of(object), previous ?? null);
  }

  private emitSnapshot(type: Stripe.Event.Type, object: RawJson, previous: Record<string, Json> | null): Stripe.EventBase {
    const data: Stripe.EventBase['data'] = { object };
    if (previous) data.previous_attributes = previous;
    const event: Stripe.EventBase = {
      id: newId('evt', 24),
      object: 'event',
      api_version: this.apiVersion,
      created: nowSeconds(),
      data,
      livemode: false,
      pending_webhooks: 0,
      request: { ...this.scope },
      type,
    };
    event.pending_webhooks = this.countTargets(event);
    this.state().events.set(event.id, event);
    if (this.buffered) this.buffered.push(event);
    else this.dispatch(event);
    return event;
  }

  /** Emits an `*.updated`-style event with `previous_attributes`, unless nothing changed. */
  emitChange(type: Stripe.Event.Type, object: object, before: Record<string, Json>): Stripe.EventBase | null {
    const after = snapshot(object);
    const prev = previousAttributes(before, after);
    if (!prev) return null;
    return this.emitSnapshot(type, RawJson.of(after), prev);
  }
}
