import type { PaymentIntentResult, PaymentMethodResult, SetupIntentResult, StripeError } from '@stripe/stripe-js';
import { asFormValue, type FormValue } from '../shared/form-encode';
import { createApiClient, type ApiClient } from './api-client';
import { isPaymentIntent, isSetupIntent, type IntentKind } from './api-objects';
import { isRecord } from '../shared/is-record';
import { CardFieldElement } from './card-field-element';
import { ElementsGroup } from './elements-group';
import {
  confirmIntent,
  handleNextAction,
  requireClientSecret,
  retrieveIntent,
  settle,
  type IntentOutcome,
  type PaymentMethodSource,
} from './intent-flow';
import { IntegrationError } from './stripe-errors';

/** Name/version pairs that wrappers (stripe-js, react-stripe-js) report about themselves. */
export interface AppInfo {
  name: string;
  version?: string;
  url?: string;
}

function requireAppInfo(info: unknown, method: string): void {
  if (typeof record(info).name !== 'string') throw new IntegrationError(`Invalid value for ${method}: name should be a string.`);
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function formParams(source: Record<string, unknown>, omit: readonly string[]): Record<string, FormValue> {
  const out: Record<string, FormValue> = {};
  for (const [key, value] of Object.entries(source)) if (!omit.includes(key)) out[key] = asFormValue(value);
  return out;
}

/** `payment_method_data` / `params` of Stripe.js calls → the PaymentMethod fields a merchant may set. */
function paymentMethodParams(data: unknown): Record<string, FormValue> {
  const { billing_details, metadata, allow_redisplay } = record(data);
  return formParams({ billing_details, metadata, allow_redisplay }, []);
}

function paymentIntentResult(outcome: IntentOutcome): PaymentIntentResult {
  if (outcome.error) return { error: outcome.error };
  return isPaymentIntent(outcome.intent) ? { paymentIntent: outcome.intent } : { error: unexpectedObject() };
}

function setupIntentResult(outcome: IntentOutcome): SetupIntentResult {
  if (outcome.error) return { error: outcome.error };
  return isSetupIntent(outcome.intent) ? { setupIntent: outcome.intent } : { error: unexpectedObject() };
}

function unexpectedObject(): StripeError {
  return { type: 'invalid_request_error', message: 'The client secret does not belong to the expected kind of intent.' };
}

/** The card source of `confirmCard*` data: an existing id, a Card Element, or the intent's attached method. */
function cardSource(data: Record<string, unknown>, method: string): PaymentMethodSource {
  const { payment_method: paymentMethod } = data;
  if (paymentMethod === undefined) return { kind: 'attached' };
  if (typeof paymentMethod === 'string') return { kind: 'id', id: paymentMethod };
  const { card } = record(paymentMethod);
  if (!(card instanceof CardFieldElement)) {
    throw new IntegrationError(`Invalid value for ${method}: payment_method.card should be a mounted card Element.`);
  }
  return { kind: 'element', element: card, params: paymentMethodParams(paymentMethod) };
}

/**
 * The object `Stripe(pk)` returns: the subset of Stripe.js that Paydeck and
 * `@stripe/react-stripe-js` call, backed by the emulator's API.
 */
export function createStripe(key: string, origin: string) {
  const api: ApiClient = createApiClient(origin, key);

  async function confirmWithElements(options: unknown, kind: IntentKind, method: string): Promise<IntentOutcome> {
    const { elements, confirmParams, redirect, clientSecret: explicitSecret } = record(options);
    if (elements !== undefined && !(elements instanceof ElementsGroup)) {
      throw new IntegrationError(`Invalid value for ${method}: elements should be an Elements group created by stripe.elements().`);
    }
    const params = record(confirmParams);
    const clientSecret = explicitSecret ?? elements?.clientSecret;
    requireClientSecret(clientSecret, method, kind);
    const returnUrl = typeof params.return_url === 'string' ? params.return_url : undefined;
    if (redirect !== 'if_required' && !returnUrl) {
      throw new IntegrationError(
        `${method}: the \`confirmParams.return_url\` argument is required unless passing \`redirect: 'if_required'\``,
      );
    }
    let paymentMethod: PaymentMethodSource = { kind: 'attached' };
    if (typeof params.payment_method === 'string') {
      paymentMethod = { kind: 'id', id: params.payment_method };
    } else if (elements) {
      const element = elements.mountedCardFields();
      if (!element) {
        throw new IntegrationError(
          `Invalid value for ${method}: elements should have a mounted Payment Element or Express Checkout Element.`,
        );
      }
      if (elements.isDeferred && !elements.hasSubmitted) {
        throw new IntegrationError(
          `elements.submit() must be called before ${method}. Call elements.submit() as soon as your customer presses pay, prior to any asynchronous work. Integration guide: https://stripe.com/docs/payments/accept-a-payment-deferred`,
        );
      }
      paymentMethod = { kind: 'element', element, params: paymentMethodParams(params.payment_method_data) };
    }
    return confirmIntent(api, {
      clientSecret: String(clientSecret),
      paymentMethod,
      params: formParams(params, ['payment_method', 'payment_method_data']),
      handleActions: true,
      redirectTo: redirect === 'if_required' ? undefined : returnUrl,
    });
  }

  function confirmCard(clientSecret: unknown, data: unknown, options: unknown, kind: IntentKind, method: string): Promise<IntentOutcome> {
    requireClientSecret(clientSecret, method, kind);
    const fields = record(data);
    return confirmIntent(api, {
      clientSecret: String(clientSecret),
      paymentMethod: cardSource(fields, method),
      params: formParams(fields, ['payment_method', 'payment_method_options']),
      handleActions: record(options).handleActions !== false,
    });
  }

  async function nextAction(clientSecret: unknown, method: string, kind?: IntentKind): Promise<IntentOutcome> {
    requireClientSecret(clientSecret, method, kind);
    const current = await retrieveIntent(api, String(clientSecret));
    if (!current.intent) return current;
    return settle(await handleNextAction(api, current.intent, String(clientSecret)));
  }

  return {
    elements: (options?: unknown) => new ElementsGroup(api, options),

    confirmPayment: async (options: unknown): Promise<PaymentIntentResult> =>
      paymentIntentResult(await confirmWithElements(options, 'payment_intent', 'stripe.confirmPayment()')),

    confirmSetup: async (options: unknown): Promise<SetupIntentResult> =>
      setupIntentResult(await confirmWithElements(options, 'setup_intent', 'stripe.confirmSetup()')),

    confirmCardPayment: async (clientSecret: unknown, data?: unknown, options?: unknown): Promise<PaymentIntentResult> =>
      paymentIntentResult(await confirmCard(clientSecret, data, options, 'payment_intent', 'stripe.confirmCardPayment()')),

    confirmCardSetup: async (clientSecret: unknown, data?: unknown, options?: unknown): Promise<SetupIntentResult> =>
      setupIntentResult(await confirmCard(clientSecret, data, options, 'setup_intent', 'stripe.confirmCardSetup()')),

    handleNextAction: async (options: unknown): Promise<PaymentIntentResult | SetupIntentResult> => {
      const { clientSecret } = record(options);
      const outcome = await nextAction(clientSecret, 'stripe.handleNextAction()');
      return outcome.intent?.object === 'setup_intent' ? setupIntentResult(outcome) : paymentIntentResult(outcome);
    },

    handleCardAction: async (clientSecret: unknown): Promise<PaymentIntentResult> =>
      paymentIntentResult(await nextAction(clientSecret, 'stripe.handleCardAction()', 'payment_intent')),

    retrievePaymentIntent: async (clientSecret: unknown): Promise<PaymentIntentResult> => {
      requireClientSecret(clientSecret, 'stripe.retrievePaymentIntent()', 'payment_intent');
      return paymentIntentResult(await retrieveIntent(api, String(clientSecret)));
    },

    retrieveSetupIntent: async (clientSecret: unknown): Promise<SetupIntentResult> => {
      requireClientSecret(clientSecret, 'stripe.retrieveSetupIntent()', 'setup_intent');
      return setupIntentResult(await retrieveIntent(api, String(clientSecret)));
    },

    createPaymentMethod: async (first: unknown, second?: unknown, third?: unknown): Promise<PaymentMethodResult> => {
      // Legacy form: createPaymentMethod('card', cardElement, data).
      const options = typeof first === 'string' ? { ...record(third), type: first, card: second } : record(first);
      const { elements, card, params } = options;
      if (elements instanceof ElementsGroup) {
        const element = elements.mountedCardFields();
        if (!element) {
          throw new IntegrationError('Invalid value for createPaymentMethod: elements should have a mounted Payment Element.');
        }
        if (!elements.hasSubmitted) {
          throw new IntegrationError(
            'elements.submit() must be called before createPaymentMethod(). Call elements.submit() as soon as your customer presses pay, prior to any asynchronous work. Integration guide: https://stripe.com/docs/payments/accept-a-payment-deferred',
          );
        }
        return element.createPaymentMethod(paymentMethodParams(params));
      }
      if (options.type !== 'card' || !(card instanceof CardFieldElement)) {
        throw new IntegrationError(
          'The Stripe emulator creates PaymentMethods only of type "card", from a card Element or the Payment Element.',
        );
      }
      return card.createPaymentMethod(paymentMethodParams(options));
    },

    // Tokens predate PaymentMethods; the emulator only speaks PaymentMethods.
    createToken: async (): Promise<{ error: StripeError }> => ({
      error: { type: 'invalid_request_error', message: 'The Stripe emulator does not issue tokens; use createPaymentMethod instead.' },
    }),

    // Wrapper telemetry is accepted and checked like Stripe.js does, but the emulator has no use for it.
    registerAppInfo: (info: AppInfo): void => requireAppInfo(info, 'stripe.registerAppInfo()'),

    _registerWrapper: (wrapper: AppInfo): void => requireAppInfo(wrapper, 'stripe._registerWrapper()'),
  };
}
