import type { PaymentIntent, SetupIntent, StripeError } from '@stripe/stripe-js';
import type { FormValue } from '../shared/form-encode';
import { redirectStatus, returnUrlWithIntent } from '../shared/return-url';
import type { ApiClient } from './api-client';
import { isPaymentIntent, isSetupIntent, parseClientSecret, type IntentKind } from './api-objects';
import { isRecord } from '../shared/is-record';
import type { CardFieldElement } from './card-field-element';
import { IntegrationError, connectionError, toStripeError } from './stripe-errors';
import { openChallengeModal } from './three-d-secure-modal';

type Intent = PaymentIntent | SetupIntent;

export type IntentOutcome = { intent: Intent; error?: undefined } | { intent?: undefined; error: StripeError };

/** Where the PaymentMethod for a confirmation comes from. */
export type PaymentMethodSource =
  { kind: 'id'; id: string } | { kind: 'element'; element: CardFieldElement; params: Record<string, FormValue> } | { kind: 'attached' };

export interface ConfirmPlan {
  clientSecret: string;
  paymentMethod: PaymentMethodSource;
  params: Record<string, FormValue>;
  handleActions: boolean;
  /** Set when the customer is sent to `return_url` after a successful confirmation. */
  redirectTo?: string;
}

const PATHS: Record<IntentKind, string> = { payment_intent: 'payment_intents', setup_intent: 'setup_intents' };

function intentFrom(body: unknown, kind: IntentKind): Intent | null {
  if (kind === 'payment_intent') return isPaymentIntent(body) ? body : null;
  return isSetupIntent(body) ? body : null;
}

/** Validates a client secret as Stripe.js does, throwing the IntegrationError it would throw. */
export function requireClientSecret(value: unknown, method: string, kind?: IntentKind): { id: string; kind: IntentKind } {
  const parsed = parseClientSecret(value);
  if (!parsed || (kind && parsed.kind !== kind)) {
    throw new IntegrationError(
      `Invalid value for ${method}: clientSecret should be a client secret of the form \${id}_secret_\${secret}. You specified: ${String(value)}.`,
    );
  }
  return parsed;
}

async function outcomeOf(request: Promise<{ body?: unknown; error?: StripeError }>, kind: IntentKind): Promise<IntentOutcome> {
  const result = await request;
  if (result.error) return { error: result.error };
  const intent = intentFrom(result.body, kind);
  return intent ? { intent } : { error: connectionError() };
}

export function retrieveIntent(api: ApiClient, clientSecret: string): Promise<IntentOutcome> {
  const { id, kind } = requireClientSecret(clientSecret, 'retrieve');
  return outcomeOf(api.get(`/v1/${PATHS[kind]}/${id}`, { client_secret: clientSecret }), kind);
}

/** A full-page navigation; like Stripe.js, the returned promise never settles. */
export function navigate(url: string): Promise<never> {
  window.location.assign(url);
  return new Promise<never>(() => undefined);
}

/** The redirect page; the emulator's own challenge page also gets the return_url, which it cannot look up with only a client secret. */
function redirectTarget(api: ApiClient, redirect: { url: string | null; return_url: string | null }): string {
  const url = new URL(redirect.url ?? '', window.location.href);
  if (
    url.origin === api.origin &&
    url.pathname.startsWith('/3ds/challenge/') &&
    redirect.return_url &&
    !url.searchParams.has('return_url')
  ) {
    url.searchParams.set('return_url', redirect.return_url);
  }
  return url.toString();
}

function challengeUrl(api: ApiClient, intent: Intent, clientSecret: string): string {
  const action = intent.next_action;
  const candidates = [isRecord(action?.use_stripe_sdk) ? action.use_stripe_sdk.stripe_js : undefined, action?.redirect_to_url?.url];
  // Only the emulator's own challenge page may be framed over the merchant page.
  const own = candidates.find((url): url is string => typeof url === 'string' && url.startsWith(`${api.origin}/3ds/challenge/`));
  return own ?? `${api.origin}/3ds/challenge/${intent.id}?client_secret=${encodeURIComponent(clientSecret)}`;
}

/** Runs the intent's next action (3-D Secure modal or redirect) and re-reads it afterwards. */
export async function handleNextAction(api: ApiClient, intent: Intent, clientSecret: string): Promise<IntentOutcome> {
  const action = intent.next_action;
  if (intent.status !== 'requires_action' || !action) return { intent };
  if (action.type === 'redirect_to_url' && action.redirect_to_url?.url) return navigate(redirectTarget(api, action.redirect_to_url));
  if (action.type !== 'use_stripe_sdk') return { intent };
  await openChallengeModal(challengeUrl(api, intent, clientSecret), api.origin);
  return retrieveIntent(api, clientSecret);
}

/** An intent back at `requires_payment_method` with a recorded failure is returned as `{ error }`, as Stripe.js does. */
export function settle(outcome: IntentOutcome): IntentOutcome {
  const { intent } = outcome;
  if (!intent || intent.status !== 'requires_payment_method') return outcome;
  const failure = intent.object === 'payment_intent' ? intent.last_payment_error : intent.last_setup_error;
  if (!failure) return outcome;
  const error = toStripeError(failure);
  if (intent.object === 'payment_intent') error.payment_intent = intent;
  else error.setup_intent = intent;
  return { error };
}

async function paymentMethodId(source: PaymentMethodSource): Promise<{ id?: string; error?: StripeError }> {
  if (source.kind === 'id') return { id: source.id };
  if (source.kind === 'attached') return {};
  const created = await source.element.createPaymentMethod(source.params);
  return created.error ? { error: created.error } : { id: created.paymentMethod.id };
}

/** Confirms a Payment- or SetupIntent the way Stripe.js does: create the PaymentMethod, confirm, authenticate, redirect. */
export async function confirmIntent(api: ApiClient, plan: ConfirmPlan): Promise<IntentOutcome> {
  const { id, kind } = requireClientSecret(plan.clientSecret, 'confirm');
  const method = await paymentMethodId(plan.paymentMethod);
  if (method.error) return { error: method.error };
  // Like Stripe.js, ask for `use_stripe_sdk` next actions so 3-D Secure runs in a modal, not a redirect.
  const params = { ...plan.params, client_secret: plan.clientSecret, payment_method: method.id, use_stripe_sdk: true };
  const confirmed = await outcomeOf(api.post(`/v1/${PATHS[kind]}/${id}/confirm`, params), kind);
  if (!confirmed.intent) return confirmed;
  const outcome = settle(plan.handleActions ? await handleNextAction(api, confirmed.intent, plan.clientSecret) : confirmed);
  if (outcome.intent && plan.redirectTo && redirectStatus(outcome.intent.status) !== 'failed') {
    return navigate(
      returnUrlWithIntent(plan.redirectTo, window.location.href, outcome.intent.id, plan.clientSecret, outcome.intent.status),
    );
  }
  return outcome;
}
