import type { PaymentMethod, StripeError } from '@stripe/stripe-js';
import {
  envelope,
  openEnvelope,
  randomId,
  type CardState,
  type FrameConfig,
  type FrameElementType,
  type FrameOptions,
  type FromFrame,
  type ToFrame,
} from '../shared/bridge-messages';
import type { ValidationError } from '../shared/card-validation';
import type { FormValue } from '../shared/form-encode';
import { isPaymentMethod } from './api-objects';
import { ListenerSet, type ElementEvent, type ElementListener } from './element-events';
import { frameOptionsFrom } from './element-options';
import { IntegrationError, connectionError } from './stripe-errors';

/** What an Element needs from the Elements group that created it. */
export interface ElementHost {
  readonly origin: string;
  readonly key: string;
  detach(element: CardFieldElement): void;
  loadError(): Promise<StripeError | undefined>;
}

export type PaymentMethodOutcome = { paymentMethod: PaymentMethod; error?: undefined } | { paymentMethod?: undefined; error: StripeError };

const INITIAL_HEIGHT: Record<FrameElementType, number> = { payment: 230, card: 44 };
const FRAME_TITLE: Record<FrameElementType, string> = {
  payment: 'Secure payment input frame',
  card: 'Secure card payment input frame',
};
const EMPTY_STATE: CardState = { empty: true, complete: false, brand: 'unknown', postalCode: '' };

let frameCount = 0;

/**
 * A Payment or Card Element: the merchant-side handle of a card-field iframe on the emulator's
 * origin. It only ever learns the iframe's state and the PaymentMethod the iframe created.
 */
export class CardFieldElement {
  private readonly channel = randomId('elements');
  private readonly listeners = new ListenerSet();
  private readonly pending = new Map<string, { resolve: (reply: FromFrame) => void; reject: (error: Error) => void }>();
  private options: FrameOptions;
  private frame: HTMLIFrameElement | null = null;
  private wrapper: HTMLDivElement | null = null;
  private mountNode: HTMLElement | null = null;
  private ready = false;
  private queued: ToFrame[] = [];
  private state: CardState = EMPTY_STATE;
  private focused = false;
  private destroyed = false;

  constructor(
    readonly elementType: FrameElementType,
    private readonly host: ElementHost,
    rawOptions: unknown,
  ) {
    this.options = frameOptionsFrom(elementType, rawOptions, { collectAddress: true });
  }

  get isMounted(): boolean {
    return this.frame !== null;
  }

  mount(target: string | HTMLElement): void {
    if (this.destroyed) throw new IntegrationError('This Element has already been destroyed. Please create a new one.');
    if (this.frame) {
      throw new IntegrationError('This Element is already mounted. Use `unmount()` to unmount the Element before re-mounting.');
    }
    const node = typeof target === 'string' ? document.querySelector(target) : target;
    if (!(node instanceof HTMLElement)) {
      throw new IntegrationError('Invalid DOM element. Make sure to call mount() with a valid DOM element or selector.');
    }
    this.mountNode = node;
    this.wrapper = document.createElement('div');
    this.wrapper.className = '__PrivateStripeElement';
    this.wrapper.style.cssText = 'margin:0;padding:0;border:none;display:block;background:transparent;position:relative;opacity:1;';
    this.frame = this.createFrame();
    this.wrapper.appendChild(this.frame);
    node.appendChild(this.wrapper);
    window.addEventListener('message', this.onMessage);
    this.syncClasses();
    if (this.elementType === 'payment') void this.announceLoad();
  }

  unmount(): void {
    window.removeEventListener('message', this.onMessage);
    this.wrapper?.remove();
    this.mountNode?.classList.remove(...Array.from(this.mountNode.classList).filter((c) => c.startsWith('StripeElement')));
    this.frame = null;
    this.wrapper = null;
    this.mountNode = null;
    this.ready = false;
    this.queued = [];
    this.state = EMPTY_STATE;
    for (const { reject } of this.pending.values()) reject(new IntegrationError('The Element was unmounted while Stripe was using it.'));
    this.pending.clear();
  }

  destroy(): void {
    this.unmount();
    this.destroyed = true;
    this.host.detach(this);
  }

  on(type: string, handler: ElementListener): this {
    this.listeners.add(type, handler, false);
    return this;
  }

  once(type: string, handler: ElementListener): this {
    this.listeners.add(type, handler, true);
    return this;
  }

  off(type: string, handler?: ElementListener): this {
    this.listeners.remove(type, handler);
    return this;
  }

  update(rawOptions: unknown): this {
    this.options = frameOptionsFrom(this.elementType, rawOptions, this.options);
    this.send({ kind: 'update', options: this.options });
    return this;
  }

  focus(): void {
    this.send({ kind: 'focus' });
  }

  blur(): void {
    this.send({ kind: 'blur' });
  }

  clear(): void {
    this.send({ kind: 'clear' });
  }

  // The stand-in renders a single card form, so there is no accordion to collapse.
  collapse(): this {
    return this;
  }

  /** Asks the iframe to validate and show its inline messages; resolves with the first error. */
  async validate(): Promise<ValidationError | undefined> {
    const reply = await this.call({ kind: 'validate', requestId: randomId('req') });
    return reply.kind === 'validated' ? reply.error : undefined;
  }

  /** Has the iframe create the PaymentMethod from what was typed, merged with `params`. */
  async createPaymentMethod(params: Record<string, FormValue>): Promise<PaymentMethodOutcome> {
    const reply = await this.call({ kind: 'create-payment-method', requestId: randomId('req'), params });
    if (reply.kind !== 'payment-method') return { error: connectionError() };
    if (reply.error) return { error: reply.error };
    return isPaymentMethod(reply.paymentMethod) ? { paymentMethod: reply.paymentMethod } : { error: connectionError() };
  }

  private createFrame(): HTMLIFrameElement {
    const config: FrameConfig = {
      channel: this.channel,
      parentOrigin: window.location.origin,
      key: this.host.key,
      elementType: this.elementType,
      options: this.options,
    };
    const frame = document.createElement('iframe');
    frameCount += 1;
    frame.name = `__privateStripeFrame${frameCount}`;
    frame.title = FRAME_TITLE[this.elementType];
    frame.setAttribute('frameborder', '0');
    frame.setAttribute('allowtransparency', 'true');
    frame.setAttribute('scrolling', 'no');
    frame.allow = 'payment *';
    frame.style.cssText = `border:none;margin:0;padding:0;width:100%;min-width:100%;display:block;overflow:hidden;height:${INITIAL_HEIGHT[this.elementType]}px;`;
    // The fragment keeps configuration out of server logs, as Stripe's own frames do.
    frame.src = `${this.host.origin}/elements/card-frame.html#${encodeURIComponent(JSON.stringify(config))}`;
    return frame;
  }

  private async announceLoad(): Promise<void> {
    this.listeners.emit('loaderstart', { elementType: this.elementType });
    const error = await this.host.loadError();
    if (error) this.listeners.emit('loaderror', { elementType: this.elementType, error });
  }

  private readonly onMessage = (event: MessageEvent): void => {
    if (!this.frame || event.source !== this.frame.contentWindow || event.origin !== this.host.origin) return;
    const message = openEnvelope<FromFrame>(event.data, this.channel);
    if (message) this.receive(message);
  };

  private receive(message: FromFrame): void {
    switch (message.kind) {
      case 'ready':
        this.resize(message.height);
        this.ready = true;
        for (const queued of this.queued.splice(0)) this.post(queued);
        this.listeners.emit('ready', { elementType: this.elementType });
        break;
      case 'resize':
        this.resize(message.height);
        break;
      case 'change':
        this.state = message.state;
        this.syncClasses();
        this.listeners.emit('change', this.changeEvent());
        break;
      case 'focus':
      case 'blur':
        this.focused = message.kind === 'focus';
        this.syncClasses();
        this.listeners.emit(message.kind, { elementType: this.elementType });
        break;
      case 'escape':
        this.listeners.emit('escape', { elementType: this.elementType });
        break;
      case 'validated':
      case 'payment-method':
        this.pending.get(message.requestId)?.resolve(message);
        this.pending.delete(message.requestId);
        break;
    }
  }

  private changeEvent(): ElementEvent {
    const { empty, complete, brand, error, postalCode, country } = this.state;
    if (this.elementType === 'card') return { elementType: 'card', empty, complete, error, brand, value: { postalCode } };
    const value = country ? { type: 'card', billingDetails: { address: { country, postalCode: postalCode || null } } } : { type: 'card' };
    return { elementType: 'payment', empty, complete, collapsed: false, value };
  }

  private call(message: Extract<ToFrame, { requestId: string }>): Promise<FromFrame> {
    if (!this.frame) return Promise.reject(new IntegrationError('This Element is not mounted.'));
    return new Promise((resolve, reject) => {
      this.pending.set(message.requestId, { resolve, reject });
      this.send(message);
    });
  }

  private send(message: ToFrame): void {
    if (this.ready) this.post(message);
    else this.queued.push(message);
  }

  private post(message: ToFrame): void {
    this.frame?.contentWindow?.postMessage(envelope(this.channel, message), this.host.origin);
  }

  private resize(height: number): void {
    if (this.frame && Number.isFinite(height) && height > 0) this.frame.style.height = `${Math.ceil(height)}px`;
  }

  // Mirrors the state classes Stripe.js puts on the mount node, which merchants style.
  private syncClasses(): void {
    const node = this.mountNode;
    if (!node) return;
    node.classList.add('StripeElement');
    node.classList.toggle('StripeElement--empty', this.state.empty);
    node.classList.toggle('StripeElement--complete', this.state.complete);
    node.classList.toggle('StripeElement--invalid', Boolean(this.state.error));
    node.classList.toggle('StripeElement--focus', this.focused);
  }
}
