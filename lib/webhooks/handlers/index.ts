import 'server-only';
import type Stripe from 'stripe';
import type { Tx } from '@/db';
import * as chargeDisputeCreated from './charge.dispute.created';
import * as chargeFailed from './charge.failed';
import * as chargeRefundUpdated from './charge.refund.updated';
import * as chargeRefunded from './charge.refunded';
import * as chargeSucceeded from './charge.succeeded';
import * as customerDeleted from './customer.deleted';
import * as subCreated from './customer.subscription.created';
import * as subDeleted from './customer.subscription.deleted';
import * as subPaused from './customer.subscription.paused';
import * as subResumed from './customer.subscription.resumed';
import * as subTrialWillEnd from './customer.subscription.trial_will_end';
import * as subUpdated from './customer.subscription.updated';
import * as customerUpdated from './customer.updated';
import * as invoiceCreated from './invoice.created';
import * as invoiceFinalized from './invoice.finalized';
import * as invoiceMarkedUncollectible from './invoice.marked_uncollectible';
import * as invoicePaid from './invoice.paid';
import * as invoicePaymentActionRequired from './invoice.payment_action_required';
import * as invoicePaymentFailed from './invoice.payment_failed';
import * as invoiceUpcoming from './invoice.upcoming';
import * as invoiceVoided from './invoice.voided';
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
type TxHandler = (event: Stripe.Event, tx: Tx) => Promise<unknown>;
const registry = new Map<string, Handler>();
const inTx = new Map<string, TxHandler>();

/**
 * Registers the handler of one event type, type-checked against that event's shape. `handleIn`,
 * when a module has one, does the same inside a given transaction (the worker's batches).
 */
function on<T extends Stripe.Event['type']>(
  type: T,
  module: {
    handle: (event: Extract<Stripe.Event, { type: T }>) => Promise<unknown>;
    handleIn?: (event: Extract<Stripe.Event, { type: T }>, tx: Tx) => Promise<unknown>;
  },
) {
  registry.set(type, module.handle as Handler);
  if (module.handleIn) inTx.set(type, module.handleIn as TxHandler);
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
on('customer.subscription.created', subCreated);
on('customer.subscription.updated', subUpdated);
on('customer.subscription.deleted', subDeleted);
on('customer.subscription.trial_will_end', subTrialWillEnd);
on('customer.subscription.paused', subPaused);
on('customer.subscription.resumed', subResumed);
on('invoice.created', invoiceCreated);
on('invoice.finalized', invoiceFinalized);
on('invoice.paid', invoicePaid);
on('invoice.payment_failed', invoicePaymentFailed);
on('invoice.payment_action_required', invoicePaymentActionRequired);
on('invoice.upcoming', invoiceUpcoming);
on('invoice.voided', invoiceVoided);
on('invoice.marked_uncollectible', invoiceMarkedUncollectible);

/** The in-transaction variant of an event type's handler, when it has one. */
export function txHandlerFor(type: string): TxHandler | undefined {
  return inTx.get(type);
}

/** The handler of an event type, or undefined for types we store but ignore. */
/** Every event type we act on: the webhook endpoint subscribes to these and no others. */
export function handledEventTypes(): string[] {
  return [...registry.keys()];
}

export function handlerFor(type: string): Handler | undefined {
  return registry.get(type);
}
