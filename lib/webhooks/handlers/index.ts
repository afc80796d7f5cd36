import 'server-only';
import type Stripe from 'stripe';
import * as chargeDisputeCreated from './charge.dispute.created';
import * as chargeFailed from './charge.failed';
import * as chargeRefundUpdated from './charge.refund.updated';
import * as chargeRefunded from './charge.refunded';
import * as chargeSucceeded from './charge.succeeded';
import * as customerDeleted from './customer.deleted';
import * as customerUpdated from './customer.updated';
import * as piCanceled from './payment_intent.canceled';
import * as piPaymentFailed from './payment_intent.payment_failed';
import * as piProcessing from './payment_intent.processing';
import * as piRequiresAction from './payment_intent.requires_action';
import * as piSucceeded from './payment_intent.succeeded';
import * as pmAttached from './payment_method.attached';
import * as pmDetached from './payment_method.detached';
import * as priceCreated from './price.created';
import * as priceDeleted from './price.deleted';
import * as priceUpdated from './price.updated';
import * as productCreated from './product.created';
import * as productDeleted from './product.deleted';
import * as productUpdated from './product.updated';
import * as refundCreated from './refund.created';
import * as refundFailed from './refund.failed';
import * as refundUpdated from './refund.updated';

type Handler = (event: Stripe.Event) => Promise<unknown>;
const registry = new Map<string, Handler>();

/** Registers the handler of one event type, type-checked against that event's shape. */
function on<T extends Stripe.Event['type']>(type: T, module: { handle: (event: Extract<Stripe.Event, { type: T }>) => Promise<unknown> }) {
  registry.set(type, module.handle as Handler);
}

on('payment_intent.succeeded', piSucceeded);
on('payment_intent.payment_failed', piPaymentFailed);
on('payment_intent.canceled', piCanceled);
on('payment_intent.requires_action', piRequiresAction);
on('payment_intent.processing', piProcessing);
on('charge.succeeded', chargeSucceeded);
on('charge.failed', chargeFailed);
on('charge.refunded', chargeRefunded);
on('charge.refund.updated', chargeRefundUpdated);
on('refund.created', refundCreated);
on('refund.updated', refundUpdated);
on('refund.failed', refundFailed);
on('charge.dispute.created', chargeDisputeCreated);
on('payment_method.attached', pmAttached);
on('payment_method.detached', pmDetached);
on('customer.updated', customerUpdated);
on('customer.deleted', customerDeleted);
on('product.created', productCreated);
on('product.updated', productUpdated);
on('product.deleted', productDeleted);
on('price.created', priceCreated);
on('price.updated', priceUpdated);
on('price.deleted', priceDeleted);

/** The handler of an event type, or undefined for types we store but ignore. */
export function handlerFor(type: string): Handler | undefined {
  return registry.get(type);
}
