// The PaymentIntent state machine: confirm → (3-D Secure) → authorize → succeeded,
// requires_capture or back to requires_payment_method with last_payment_error.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { randomString } from '../core/ids';
import { snapshot } from '../core/json';
import { nowSeconds } from '../core/time';
import { ApiError, unexpectedState } from '../wire/errors';
import { idOf } from '../resources/common';
import { invoicePaymentFailed, invoicePaymentSucceeded } from '../billing/invoice-payments';
import { attachPaymentMethod, testCardOf } from './cards';
import { createCharge } from './charges';
import { intentInternal } from './intent-object';
import { scheduleDispute } from './disputes';
import { DECLINES, type Decline } from './test-cards';

export interface ConfirmOptions {
  offSession: boolean;
  returnUrl: string | null;
  useStripeSdk: boolean;
  errorOnRequiresAction: boolean;
  /** Invoice collection leaves SCA-required payments in requires_action instead of declining them. */
  actionOnAuthRequired?: boolean;
}

const CONFIRMABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

export const AUTH_FAILURE_MESSAGE =
  'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.';

export function challengeUrl(emu: Emulator, intentId: string, secret: string | null): string {
  return `${emu.origin}/3ds/challenge/${intentId}?client_secret=${encodeURIComponent(secret ?? '')}`;
}

/** The 3-D Secure next_action, shaped to fit both PaymentIntent and SetupIntent. */
export interface ThreeDsAction {
  type: string;
  use_stripe_sdk: { [key: string]: unknown };
  redirect_to_url?: { url: string | null; return_url: string | null };
}

/** next_action for 3-D Secure: use_stripe_sdk for Stripe.js, redirect_to_url when a return_url was given. */
export function threeDsNextAction(url: string, returnUrl: string | null, useStripeSdk: boolean): ThreeDsAction {
  const action: ThreeDsAction = {
    type: returnUrl && !useStripeSdk ? 'redirect_to_url' : 'use_stripe_sdk',
    use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url, source: `src_${randomString(24)}` },
  };
  if (returnUrl) action.redirect_to_url = { url, return_url: returnUrl };
  return action;
}

function cardErrorFor(pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod, decline: Decline, chargeId: string | null): ApiError {
  return new ApiError(402, {
    type: 'card_error',
    code: decline.code,
    decline_code: decline.decline_code,
    message: decline.message,
    ...(decline.param ? { param: decline.param } : {}),
    ...(chargeId ? { charge: chargeId } : {}),
    payment_intent: snapshot(pi),
    payment_method: snapshot(pm),
  });
}

/** Checks Stripe's reuse rules for a PaymentMethod about to be used by this intent. */
export function checkUsable(emu: Emulator, pm: Stripe.PaymentMethod, customer: string | null): void {
  const owner = idOf(pm.customer);
  if (owner && owner !== customer) {
    throw unexpectedState(
      'payment_method_unexpected_state',
      customer
        ? `The provided PaymentMethod belongs to a different Customer (${owner}) than the one on this PaymentIntent.`
        : 'The provided PaymentMethod is attached to a Customer. To use a PaymentMethod attached to a Customer with a PaymentIntent, you must also pass the `customer` parameter.',
      { param: 'payment_method' },
    );
  }
  if (!owner && emu.state.cards.get(pm.id)?.consumed) {
    throw unexpectedState(
      'payment_method_unexpected_state',
      'The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.',
      { param: 'payment_method' },
    );
  }
}

/** Confirms `pi` with `pm`. Returns null on success or a pending 3-D Secure step, else the card error. */
export function confirmPayment(emu: Emulator, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod, opts: ConfirmOptions): ApiError | null {
  if (!CONFIRMABLE.includes(pi.status)) {
    throw unexpectedState(
      'payment_intent_unexpected_state',
      `You cannot confirm this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_action, requires_payment_method.`,
      { payment_intent: snapshot(pi) },
    );
  }
  checkUsable(emu, pm, idOf(pi.customer));
  const internal = intentInternal(emu, pi.id);
  internal.returnUrl = opts.returnUrl;
  internal.useStripeSdk = opts.useStripeSdk;
  internal.offSession = opts.offSession;
  pi.payment_method = pm.id;
  pi.last_payment_error = null;
  const card = testCardOf(emu, pm);
  const setUp = emu.state.cards.get(pm.id)?.setUp ?? false;
  const needsAuth = card.threeDs === 'required' || (card.threeDs === 'unless_set_up' && !setUp);
  if (needsAuth && opts.errorOnRequiresAction) return decline(emu, pi, pm, DECLINES.authenticationRequired, false);
  if (needsAuth && opts.offSession && !opts.actionOnAuthRequired) {
    return decline(emu, pi, pm, DECLINES.authenticationRequired, false);
  }
  if (needsAuth) {
    pi.status = 'requires_action';
    pi.next_action = threeDsNextAction(challengeUrl(emu, pi.id, pi.client_secret), opts.returnUrl, opts.useStripeSdk);
    internal.pendingPaymentMethod = pm.id;
    emu.events.emit('payment_intent.requires_action', pi);
    if (internal.invoice) invoicePaymentFailed(emu, internal.invoice, true);
    return null;
  }
  return authorize(emu, pi, pm, false);
}

/** Applies the 3-D Secure challenge result to a PaymentIntent in `requires_action`. */
export function completePaymentAuthentication(emu: Emulator, pi: Stripe.PaymentIntent, success: boolean): void {
  const internal = intentInternal(emu, pi.id);
  const pm = emu.state.paymentMethods.get(internal.pendingPaymentMethod ?? idOf(pi.payment_method) ?? '');
  if (pi.status !== 'requires_action' || !pm) {
    throw unexpectedState(
      'payment_intent_unexpected_state',
      `This PaymentIntent has a status of ${pi.status} and is not awaiting authentication.`,
    );
  }
  pi.next_action = null;
  internal.pendingPaymentMethod = null;
  if (!success) {
    pi.status = 'requires_payment_method';
    pi.payment_method = null;
    pi.last_payment_error = {
      type: 'invalid_request_error',
      code: 'payment_intent_authentication_failure',
      message: AUTH_FAILURE_MESSAGE,
      doc_url: 'https://docs.stripe.com/error-codes/payment-intent-authentication-failure',
      payment_method: structuredClone(pm),
    };
    emu.events.emit('payment_intent.payment_failed', pi);
    if (internal.invoice) invoicePaymentFailed(emu, internal.invoice, false);
    return;
  }
  const card = emu.state.cards.get(pm.id);
  if (card && pi.setup_future_usage) card.setUp = true;
  authorize(emu, pi, pm, true);
}

function authorize(emu: Emulator, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod, authenticated: boolean): ApiError | null {
  const card = testCardOf(emu, pm);
  if (emu.settings.processingMs > 0) {
    pi.status = 'processing';
    pi.processing = { type: 'card', card: {} };
    emu.events.emit('payment_intent.processing', pi);
    emu.later(emu.settings.processingMs, () => {
      pi.processing = null;
      if (card.charge) decline(emu, pi, pm, card.charge, authenticated);
      else succeed(emu, pi, pm, authenticated);
      emu.changed();
    });
    return null;
  }
  if (card.charge) return decline(emu, pi, pm, card.charge, authenticated);
  succeed(emu, pi, pm, authenticated);
  return null;
}

function decline(emu: Emulator, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod, d: Decline, authenticated: boolean): ApiError {
  const charge = createCharge(
    emu,
    pi,
    pm,
    { decline: d, authenticated, capture: false, cvcCheck: pm.card?.checks?.cvc_check === 'fail' ? 'fail' : 'pass' },
    nowSeconds(),
  );
  pi.latest_charge = charge.id;
  pi.status = 'requires_payment_method';
  pi.payment_method = null;
  pi.next_action = null;
  pi.last_payment_error = {
    type: 'card_error',
    code: d.code as Stripe.PaymentIntent.LastPaymentError.Code,
    decline_code: d.decline_code,
    message: d.message,
    charge: charge.id,
    doc_url: `https://docs.stripe.com/error-codes/${d.code.replace(/_/g, '-')}`,
    payment_method: structuredClone(pm),
    ...(d.param ? { param: d.param } : {}),
  };
  emu.events.emit('charge.failed', charge);
  emu.events.emit('payment_intent.payment_failed', pi);
  const internal = intentInternal(emu, pi.id);
  if (internal.invoice) invoicePaymentFailed(emu, internal.invoice, false);
  return cardErrorFor(pi, pm, d, charge.id);
}

function succeed(emu: Emulator, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod, authenticated: boolean): void {
  const manual = pi.capture_method === 'manual';
  const charge = createCharge(
    emu,
    pi,
    pm,
    { decline: null, authenticated, capture: !manual, cvcCheck: pm.card?.checks?.cvc_check === 'fail' ? 'fail' : 'pass' },
    nowSeconds(),
  );
  pi.latest_charge = charge.id;
  pi.next_action = null;
  const customer = idOf(pi.customer);
  const card = emu.state.cards.get(pm.id);
  if (pi.setup_future_usage && customer) {
    const c = emu.state.customers.get(customer);
    if (c && !pm.customer) attachPaymentMethod(emu, pm, c);
    if (card) card.setUp = true;
  } else if (!pm.customer && card) {
    card.consumed = true;
  }
  emu.events.emit('charge.succeeded', charge);
  if (manual) {
    pi.status = 'requires_capture';
    pi.amount_capturable = pi.amount;
    emu.events.emit('payment_intent.amount_capturable_updated', pi);
  } else {
    pi.status = 'succeeded';
    pi.amount_received = pi.amount;
    emu.events.emit('payment_intent.succeeded', pi);
    const internal = intentInternal(emu, pi.id);
    if (internal.invoice) invoicePaymentSucceeded(emu, internal.invoice, pi);
  }
  if (testCardOf(emu, pm).dispute) scheduleDispute(emu, charge);
}
