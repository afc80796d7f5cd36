// The SetupIntent state machine: confirm → (3-D Secure) → succeeded (card saved and
// authenticated for off-session use) or back to requires_payment_method.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { newId } from '../core/ids';
import { snapshot } from '../core/json';
import { ApiError, unexpectedState } from '../wire/errors';
import { idOf } from '../resources/common';
import { setupIntentSucceededForSubscription } from '../billing/pending-setup';
import { attachPaymentMethod, testCardOf } from './cards';
import { challengeUrl, checkUsable, threeDsNextAction } from './confirm-payment';
import { intentInternal } from './intent-object';

const CONFIRMABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

export interface SetupConfirmOptions {
  returnUrl: string | null;
  useStripeSdk: boolean;
}

export function confirmSetup(emu: Emulator, si: Stripe.SetupIntent, pm: Stripe.PaymentMethod, opts: SetupConfirmOptions): ApiError | null {
  if (!CONFIRMABLE.includes(si.status)) {
    throw unexpectedState(
      'setup_intent_unexpected_state',
      `You cannot confirm this SetupIntent because it has a status of ${si.status}. Only a SetupIntent with one of the following statuses may be confirmed: requires_confirmation, requires_action, requires_payment_method.`,
      { setup_intent: snapshot(si) },
    );
  }
  checkUsable(emu, pm, idOf(si.customer));
  const internal = intentInternal(emu, si.id);
  internal.returnUrl = opts.returnUrl;
  internal.useStripeSdk = opts.useStripeSdk;
  si.payment_method = pm.id;
  si.last_setup_error = null;
  const card = testCardOf(emu, pm);
  if (card.threeDs === 'required' || card.threeDs === 'unless_set_up') {
    si.status = 'requires_action';
    si.next_action = threeDsNextAction(challengeUrl(emu, si.id, si.client_secret), opts.returnUrl, opts.useStripeSdk);
    internal.pendingPaymentMethod = pm.id;
    emu.events.emit('setup_intent.requires_action', si);
    return null;
  }
  return finish(emu, si, pm);
}

export function completeSetupAuthentication(emu: Emulator, si: Stripe.SetupIntent, success: boolean): void {
  const internal = intentInternal(emu, si.id);
  const pm = emu.state.paymentMethods.get(internal.pendingPaymentMethod ?? idOf(si.payment_method) ?? '');
  if (si.status !== 'requires_action' || !pm) {
    throw unexpectedState(
      'setup_intent_unexpected_state',
      `This SetupIntent has a status of ${si.status} and is not awaiting authentication.`,
    );
  }
  si.next_action = null;
  internal.pendingPaymentMethod = null;
  if (success) {
    finish(emu, si, pm);
    return;
  }
  si.status = 'requires_payment_method';
  si.payment_method = null;
  si.last_setup_error = {
    type: 'invalid_request_error',
    code: 'setup_intent_authentication_failure',
    message: 'The latest attempt to set up the payment method has failed because authentication failed.',
    doc_url: 'https://docs.stripe.com/error-codes/setup-intent-authentication-failure',
    payment_method: structuredClone(pm),
  };
  emu.events.emit('setup_intent.setup_failed', si);
}

function finish(emu: Emulator, si: Stripe.SetupIntent, pm: Stripe.PaymentMethod): ApiError | null {
  const decline = testCardOf(emu, pm).attach;
  si.latest_attempt = newId('setatt', 24);
  if (decline) {
    si.status = 'requires_payment_method';
    si.payment_method = null;
    si.last_setup_error = {
      type: 'card_error',
      code: decline.code as Stripe.SetupIntent.LastSetupError.Code,
      decline_code: decline.decline_code,
      message: decline.message,
      doc_url: `https://docs.stripe.com/error-codes/${decline.code.replace(/_/g, '-')}`,
      payment_method: structuredClone(pm),
    };
    emu.events.emit('setup_intent.setup_failed', si);
    return new ApiError(402, {
      type: 'card_error',
      code: decline.code,
      decline_code: decline.decline_code,
      message: decline.message,
      setup_intent: snapshot(si),
      payment_method: snapshot(pm),
    });
  }
  const customerId = idOf(si.customer);
  const customer = customerId ? emu.state.customers.get(customerId) : undefined;
  if (customer && !pm.customer) attachPaymentMethod(emu, pm, customer);
  const card = emu.state.cards.get(pm.id);
  if (card) card.setUp = true;
  si.status = 'succeeded';
  emu.events.emit('setup_intent.succeeded', si);
  const subscription = intentInternal(emu, si.id).subscription;
  if (subscription) setupIntentSucceededForSubscription(emu, subscription, si, pm);
  return null;
}
