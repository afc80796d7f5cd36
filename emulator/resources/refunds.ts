// Refunds: full or partial, several per charge, never more than what remains unrefunded.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { newId } from '../core/ids';
import { snapshot } from '../core/json';
import { nowSeconds } from '../core/time';
import { invalid, missingParam, unexpectedState, validationError } from '../wire/errors';
import type { FormObject } from '../wire/form';
import { paginate } from '../wire/list';
import type { Route } from '../wire/router';
import { accepted, applyMetadata, int, metadata, oneOf, pagination, parseParams, range, str } from '../wire/schema';
import { formatAmount } from '../payments/currency';
import { chargeOr404 } from './charges';
import { getOr404, idOf } from './common';

const createShape = {
  amount: int({ min: 1 }),
  charge: str(),
  payment_intent: str(),
  reason: oneOf('duplicate', 'fraudulent', 'requested_by_customer'),
  metadata: metadata(),
  instructions_email: str(),
  currency: accepted(),
  customer: accepted(),
  origin: accepted(),
  refund_application_fee: accepted(),
  reverse_transfer: accepted(),
};

function chargeToRefund(emu: Emulator, p: { charge?: string; payment_intent?: string }): Stripe.Charge {
  if (p.charge !== undefined && p.payment_intent !== undefined) {
    throw validationError('You may only specify one of these parameters: charge, payment_intent.', 'charge', 'parameters_exclusive');
  }
  if (p.charge !== undefined) return chargeOr404(emu, p.charge, 'charge');
  if (p.payment_intent === undefined) throw missingParam('charge');
  const pi = getOr404(emu.state.paymentIntents, p.payment_intent, 'payment_intent', 'payment_intent');
  if (pi.status === 'requires_capture') {
    throw unexpectedState(
      'charge_not_refundable',
      `This PaymentIntent (${pi.id}) has not been captured. Cancel the PaymentIntent to release the authorization instead of refunding it.`,
      { param: 'payment_intent' },
    );
  }
  const charge = pi.status === 'succeeded' ? emu.state.charges.get(idOf(pi.latest_charge) ?? '') : undefined;
  if (!charge) {
    throw unexpectedState('charge_not_refundable', `This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, {
      param: 'payment_intent',
    });
  }
  return charge;
}

function create(emu: Emulator, form: FormObject): Stripe.Refund {
  const p = parseParams(createShape, form);
  const charge = chargeToRefund(emu, p);
  if (charge.status !== 'succeeded' || !charge.captured) {
    throw unexpectedState(
      'charge_not_refundable',
      `Charge ${charge.id} cannot be refunded because it ${charge.status === 'failed' ? 'failed' : 'has not been captured'}.`,
      { param: 'charge' },
    );
  }
  if (charge.disputed)
    throw unexpectedState('charge_disputed', `Charge ${charge.id} has been charged back; cannot issue a refund.`, { param: 'charge' });
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0)
    throw unexpectedState('charge_already_refunded', `Charge ${charge.id} has already been refunded.`, { param: 'charge' });
  const amount = p.amount ?? remaining;
  if (amount > remaining) {
    throw invalid(
      `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
      'amount',
      'amount_too_large',
    );
  }
  const refund: Stripe.Refund = {
    id: newId('re', 24),
    object: 'refund',
    amount,
    balance_transaction: null,
    charge: charge.id,
    created: nowSeconds(),
    currency: charge.currency,
    customer: charge.customer,
    customer_account: null,
    destination_details: {
      card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' },
      type: 'card',
    },
    metadata: applyMetadata({}, p.metadata),
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    reason: p.reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
  emu.state.refunds.set(refund.id, refund);
  const before = snapshot(charge);
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded >= charge.amount;
  emu.events.emitChange('charge.refunded', charge, before);
  emu.events.emit('refund.created', refund);
  return refund;
}

export const refundRoutes: Route[] = [
  { method: 'POST', path: '/v1/refunds', handler: ({ emu, params }) => create(emu, params) },
  {
    method: 'GET',
    path: '/v1/refunds/:id',
    handler: ({ emu, path, params }) => (parseParams({}, params), getOr404(emu.state.refunds, path.id as string, 'refund')),
  },
  {
    method: 'POST',
    path: '/v1/refunds/:id',
    handler: ({ emu, path, params }) => {
      const p = parseParams({ metadata: metadata() }, params);
      const refund = getOr404(emu.state.refunds, path.id as string, 'refund');
      const before = snapshot(refund);
      refund.metadata = applyMetadata(refund.metadata, p.metadata);
      if (emu.events.emitChange('refund.updated', refund, before)) emu.events.emitChange('charge.refund.updated', refund, before);
      return refund;
    },
  },
  {
    method: 'POST',
    path: '/v1/refunds/:id/cancel',
    handler: ({ emu, path, params }) => {
      parseParams({}, params);
      const refund = getOr404(emu.state.refunds, path.id as string, 'refund');
      throw unexpectedState(
        'refund_unexpected_state',
        `Refund ${refund.id} cannot be canceled because it has a status of ${refund.status}. Only refunds with a status of requires_action can be canceled.`,
      );
    },
  },
  {
    method: 'GET',
    path: '/v1/refunds',
    handler: ({ emu, params }) => {
      const p = parseParams({ ...pagination, created: range(), charge: str(), payment_intent: str() }, params);
      return paginate(
        emu.state.refunds.values(),
        p,
        '/v1/refunds',
        (r) =>
          (p.charge === undefined || idOf(r.charge) === p.charge) &&
          (p.payment_intent === undefined || idOf(r.payment_intent) === p.payment_intent),
      );
    },
  },
];
