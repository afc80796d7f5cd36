// Charges: retrieve, list, update and capture; `refunds` is includable via expand[].
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { snapshot } from '../core/json';
import { unexpectedState } from '../wire/errors';
import { listOf, paginate } from '../wire/list';
import type { Route } from '../wire/router';
import { accepted, applyMetadata, emptyable, int, metadata, pagination, parseParams, range, str } from '../wire/schema';
import { capturePaymentIntent, shippingField } from './payment-intents';
import { getOr404, idOf, nullable } from './common';

export function chargeOr404(emu: Emulator, id: string, param = 'id'): Stripe.Charge {
  return getOr404(emu.state.charges, id, 'charge', param);
}

/** charge.refunds is not part of the object unless expanded (since API 2022-11-15). */
export function refundsOf(emu: Emulator, chargeId: string): ReturnType<typeof listOf<Stripe.Refund>> {
  const refunds = [...emu.state.refunds.values()].filter((r) => idOf(r.charge) === chargeId).reverse();
  return listOf(refunds, `/v1/charges/${chargeId}/refunds`);
}

const updateShape = {
  description: emptyable(str()),
  metadata: metadata(),
  receipt_email: emptyable(str()),
  shipping: shippingField,
  fraud_details: accepted(),
  transfer_group: accepted(),
  customer: accepted(),
};

export const chargeRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/charges/:id',
    handler: ({ emu, path, params }) => (parseParams({}, params), chargeOr404(emu, path.id as string)),
  },
  {
    method: 'GET',
    path: '/v1/charges',
    handler: ({ emu, params }) => {
      const p = parseParams(
        { ...pagination, created: range(), customer: str(), payment_intent: str(), transfer_group: accepted() },
        params,
      );
      return paginate(
        emu.state.charges.values(),
        p,
        '/v1/charges',
        (c) =>
          (p.customer === undefined || idOf(c.customer) === p.customer) &&
          (p.payment_intent === undefined || idOf(c.payment_intent) === p.payment_intent),
      );
    },
  },
  {
    method: 'POST',
    path: '/v1/charges/:id',
    handler: ({ emu, path, params }) => {
      const p = parseParams(updateShape, params);
      const charge = chargeOr404(emu, path.id as string);
      const before = snapshot(charge);
      charge.description = nullable(p.description, charge.description);
      charge.metadata = applyMetadata(charge.metadata, p.metadata);
      charge.receipt_email = nullable(p.receipt_email, charge.receipt_email);
      if (p.shipping !== undefined) {
        charge.shipping = p.shipping
          ? {
              address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null, ...p.shipping.address },
              name: p.shipping.name,
              carrier: p.shipping.carrier ?? null,
              phone: p.shipping.phone ?? null,
              tracking_number: p.shipping.tracking_number ?? null,
            }
          : null;
      }
      emu.events.emitChange('charge.updated', charge, before);
      return charge;
    },
  },
  {
    method: 'POST',
    path: '/v1/charges/:id/capture',
    handler: ({ emu, path, params }) => {
      const p = parseParams(
        {
          amount: int({ min: 1 }),
          receipt_email: accepted(),
          statement_descriptor: accepted(),
          statement_descriptor_suffix: accepted(),
          application_fee_amount: accepted(),
          transfer_data: accepted(),
          transfer_group: accepted(),
        },
        params,
      );
      const charge = chargeOr404(emu, path.id as string);
      const pi = emu.state.paymentIntents.get(idOf(charge.payment_intent) ?? '');
      if (!pi) throw unexpectedState('charge_already_captured', `Charge ${charge.id} has already been captured.`);
      capturePaymentIntent(emu, pi, p.amount);
      return charge;
    },
  },
  {
    method: 'GET',
    path: '/v1/charges/:id/refunds',
    handler: ({ emu, path, params }) => {
      const p = parseParams({ ...pagination }, params);
      const charge = chargeOr404(emu, path.id as string);
      return paginate(emu.state.refunds.values(), p, `/v1/charges/${charge.id}/refunds`, (r) => idOf(r.charge) === charge.id);
    },
  },
];
