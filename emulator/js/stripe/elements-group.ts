import type { StripeError } from '@stripe/stripe-js';
import type { FrameElementType } from '../shared/bridge-messages';
import type { ApiClient } from './api-client';
import { parseClientSecret } from './api-objects';
import { isRecord } from '../shared/is-record';
import { CardFieldElement, type ElementHost } from './card-field-element';
import { ListenerSet, type ElementListener } from './element-events';
import { requireClientSecret } from './intent-flow';
import { IntegrationError } from './stripe-errors';

const SUPPORTED: readonly FrameElementType[] = ['payment', 'card'];

/** Accepts a type name, or a react-stripe-js component (which carries `__elementType`) as Stripe.js does. */
function supportedType(type: unknown): FrameElementType | undefined {
  const name = (typeof type === 'function' || isRecord(type)) && '__elementType' in type ? type.__elementType : type;
  return SUPPORTED.find((t) => t === name);
}

export type SubmitResult = { error: StripeError; selectedPaymentMethod?: undefined } | { selectedPaymentMethod: string; error?: undefined };

/** `stripe.elements()`: owns the Elements it creates and the intent (or deferred amount) they pay for. */
export class ElementsGroup implements ElementHost {
  private readonly elements = new Map<FrameElementType, CardFieldElement>();
  private readonly listeners = new ListenerSet();
  private options: Record<string, unknown>;
  private loadCheck: Promise<StripeError | undefined> | null = null;
  private submitted = false;

  constructor(
    private readonly api: ApiClient,
    rawOptions: unknown,
  ) {
    this.options = isRecord(rawOptions) ? { ...rawOptions } : {};
    if (this.options.clientSecret !== undefined) requireClientSecret(this.options.clientSecret, 'elements()');
  }

  get origin(): string {
    return this.api.origin;
  }

  get key(): string {
    return this.api.key;
  }

  get clientSecret(): string | undefined {
    return typeof this.options.clientSecret === 'string' ? this.options.clientSecret : undefined;
  }

  /** Deferred intent mode: Elements created with `mode`/`amount`/`currency` and no client secret. */
  get isDeferred(): boolean {
    return this.clientSecret === undefined && typeof this.options.mode === 'string';
  }

  get hasSubmitted(): boolean {
    return this.submitted;
  }

  create(type: unknown, options?: unknown): CardFieldElement {
    const supported = supportedType(type);
    if (!supported) {
      throw new IntegrationError(`The Stripe emulator's Stripe.js supports only "payment" and "card" Elements, not "${String(type)}".`);
    }
    if (this.elements.has(supported)) throw new IntegrationError(`Can only create one Element of type ${supported}.`);
    const element = new CardFieldElement(supported, this, options);
    this.elements.set(supported, element);
    return element;
  }

  getElement(type: unknown): CardFieldElement | null {
    const supported = supportedType(type);
    return supported ? (this.elements.get(supported) ?? null) : null;
  }

  /** The mounted Element whose card fields `confirmPayment`/`submit` read. */
  mountedCardFields(): CardFieldElement | null {
    const element = this.elements.get('payment') ?? this.elements.get('card');
    return element?.isMounted ? element : null;
  }

  async update(rawOptions: unknown): Promise<void> {
    if (isRecord(rawOptions)) {
      // The client secret is fixed at creation, as in Stripe.js; react-stripe-js never updates it.
      for (const [key, value] of Object.entries(rawOptions)) if (key !== 'clientSecret') this.options[key] = value;
    }
    await Promise.resolve();
    this.listeners.emit('update-end', { elementType: 'elements' });
  }

  async fetchUpdates(): Promise<{ error?: { message: string; status?: string } }> {
    this.loadCheck = null;
    const error = await this.loadError();
    return error ? { error: { message: error.message ?? 'Could not fetch the intent.' } } : {};
  }

  async submit(): Promise<SubmitResult> {
    const element = this.mountedCardFields();
    if (!element) {
      throw new IntegrationError('elements.submit(): elements should have a mounted Payment Element or Express Checkout Element.');
    }
    const error = await element.validate();
    this.submitted = !error;
    return error ? { error } : { selectedPaymentMethod: 'card' };
  }

  on(type: string, handler: ElementListener): this {
    this.listeners.add(type, handler, false);
    return this;
  }

  detach(element: CardFieldElement): void {
    if (this.elements.get(element.elementType) === element) this.elements.delete(element.elementType);
  }

  /** The error a Payment Element reports as `loaderror`: an intent the client secret cannot read. */
  loadError(): Promise<StripeError | undefined> {
    this.loadCheck ??= this.readIntent();
    return this.loadCheck;
  }

  private async readIntent(): Promise<StripeError | undefined> {
    const parsed = parseClientSecret(this.clientSecret);
    if (!parsed) return undefined;
    const path = parsed.kind === 'payment_intent' ? 'payment_intents' : 'setup_intents';
    const result = await this.api.get(`/v1/${path}/${parsed.id}`, { client_secret: this.clientSecret });
    return result.error;
  }
}
