import { envelope, openEnvelope, type FrameConfig, type FrameOptions, type FromFrame, type ToFrame } from '../shared/bridge-messages';
import type { FormValue } from '../shared/form-encode';
import { createApiClient } from '../stripe/api-client';
import { isRecord } from '../shared/is-record';
import { CardForm } from './card-form';

function readOptions(raw: Record<string, unknown>): FrameOptions {
  const options: FrameOptions = {};
  for (const key of ['disabled', 'hidePostalCode', 'collectAddress'] as const) if (typeof raw[key] === 'boolean') options[key] = raw[key];
  for (const key of ['postalCode', 'country'] as const) if (typeof raw[key] === 'string') options[key] = raw[key];
  return options;
}

function readConfig(): FrameConfig | null {
  try {
    const parsed: unknown = JSON.parse(decodeURIComponent(window.location.hash.slice(1)));
    if (!isRecord(parsed) || !isRecord(parsed.options)) return null;
    const { channel, parentOrigin, key, elementType } = parsed;
    if (typeof channel !== 'string' || typeof parentOrigin !== 'string' || typeof key !== 'string') return null;
    if (elementType !== 'payment' && elementType !== 'card') return null;
    return { channel, parentOrigin, key, elementType, options: readOptions(parsed.options) };
  } catch {
    return null;
  }
}

function formRecord(value: FormValue): Record<string, FormValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

function start(config: FrameConfig): void {
  const api = createApiClient(window.location.origin, config.key);
  const post = (message: FromFrame): void => window.parent.postMessage(envelope(config.channel, message), config.parentOrigin);

  const form = new CardForm(config.elementType, config.options, {
    change: (state) => post({ kind: 'change', state }),
    focus: () => post({ kind: 'focus' }),
    blur: () => post({ kind: 'blur' }),
    escape: () => post({ kind: 'escape' }),
  });
  document.body.append(form.dom.form);

  async function createPaymentMethod(requestId: string, params: Record<string, FormValue>): Promise<void> {
    const error = form.validate();
    if (error) {
      post({ kind: 'payment-method', requestId, error });
      return;
    }
    const { card, address } = form.paymentMethodFields();
    const billing = formRecord(params.billing_details);
    // What the customer typed here wins over merchant-supplied address fields, as in Elements.
    const billingDetails = { ...billing, address: { ...formRecord(billing.address), ...address } };
    const result = await api.post('/v1/payment_methods', { ...params, type: 'card', card, billing_details: billingDetails });
    post(
      result.error
        ? { kind: 'payment-method', requestId, error: result.error }
        : { kind: 'payment-method', requestId, paymentMethod: result.body },
    );
  }

  function receive(message: ToFrame): void {
    switch (message.kind) {
      case 'update':
        form.applyOptions(message.options);
        break;
      case 'focus':
        form.focus();
        break;
      case 'blur':
        form.blur();
        break;
      case 'clear':
        form.clear();
        break;
      case 'validate':
        post({ kind: 'validated', requestId: message.requestId, error: form.validate() });
        break;
      case 'create-payment-method':
        void createPaymentMethod(message.requestId, message.params);
        break;
    }
  }

  window.addEventListener('message', (event) => {
    // Only the page that embedded this frame, on the origin it declared, may drive it.
    if (event.source !== window.parent || event.origin !== config.parentOrigin) return;
    const message = openEnvelope<ToFrame>(event.data, config.channel);
    if (message) receive(message);
  });

  const height = (): number => Math.ceil(document.body.getBoundingClientRect().height);
  let reported = 0;
  new ResizeObserver(() => {
    if (height() === reported) return;
    reported = height();
    post({ kind: 'resize', height: reported });
  }).observe(document.body);
  reported = height();
  post({ kind: 'ready', height: reported });
}

const config = readConfig();
if (config) start(config);
