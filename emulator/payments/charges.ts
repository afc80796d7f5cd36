// Charge objects: the record of each card authorization, successful or declined.
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { newId } from '../core/ids';
import type { Decline } from './test-cards';

export interface ChargeOutcome {
  decline: Decline | null;
  /** 3-D Secure was completed for this payment. */
  authenticated: boolean;
  capture: boolean;
  cvcCheck: 'pass' | 'fail' | null;
}

function outcomeOf(decline: Decline | null): Stripe.Charge.Outcome {
  if (!decline) {
    return {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: 'approved_by_network',
      reason: null,
      risk_level: 'normal',
      risk_score: 32,
      seller_message: 'Payment complete.',
      type: 'authorized',
    };
  }
  return {
    advice_code: null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: decline.network_status,
    reason: decline.decline_code,
    risk_level: 'normal',
    risk_score: 41,
    seller_message: decline.seller_message,
    type: decline.network_status === 'not_sent_to_network' ? 'invalid' : 'issuer_declined',
  };
}

function threeDSecure(authenticated: boolean): Stripe.Charge.PaymentMethodDetails.Card.ThreeDSecure | null {
  if (!authenticated) return null;
  return {
    authentication_flow: 'challenge',
    electronic_commerce_indicator: '05',
    exemption_indicator: null,
    result: 'authenticated',
    result_reason: null,
    transaction_id: randomUUID(),
    version: '2.2.0',
  };
}

export function createCharge(
  emu: Emulator,
  pi: Stripe.PaymentIntent,
  pm: Stripe.PaymentMethod,
  o: ChargeOutcome,
  created: number,
): Stripe.Charge {
  const card = pm.card;
  const succeeded = o.decline === null;
  const id = newId('ch', 24);
  const charge: Stripe.Charge = {
    id,
    object: 'charge',
    amount: pi.amount,
    amount_captured: succeeded && o.capture ? pi.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: {
      address: pm.billing_details.address,
      email: pm.billing_details.email,
      name: pm.billing_details.name,
      phone: pm.billing_details.phone,
      tax_id: null,
    },
    calculated_statement_descriptor: pi.statement_descriptor ?? 'EMULATOR',
    captured: succeeded && o.capture,
    created,
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: o.decline?.code ?? null,
    failure_message: o.decline?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: null,
    outcome: outcomeOf(o.decline),
    paid: succeeded,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: {
      card: {
        amount_authorized: succeeded ? pi.amount : null,
        authorization_code: succeeded ? String(100000 + Math.floor(Math.random() * 899999)) : null,
        brand: card?.brand ?? 'unknown',
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: o.cvcCheck },
        country: card?.country ?? 'US',
        electronic_commerce_indicator: o.authenticated ? '05' : null,
        exp_month: card?.exp_month ?? 12,
        exp_year: card?.exp_year ?? 2099,
        extended_authorization: { status: 'disabled' },
        fingerprint: card?.fingerprint ?? null,
        funding: card?.funding ?? 'credit',
        incremental_authorization: { status: 'unavailable' },
        installments: null,
        last4: card?.last4 ?? '0000',
        mandate: null,
        multicapture: { status: 'unavailable' },
        network: card?.brand ?? 'visa',
        network_token: { used: false },
        network_transaction_id: succeeded ? String(Math.floor(Math.random() * 1e15)) : null,
        overcapture: { maximum_amount_capturable: pi.amount, status: 'unavailable' },
        regulated_status: 'unregulated',
        three_d_secure: threeDSecure(o.authenticated),
        transaction_link_id: null,
        wallet: null,
      },
      type: 'card',
    },
    radar_options: {},
    receipt_email: pi.receipt_email,
    receipt_number: null,
    receipt_url: succeeded ? `${emu.origin}/receipts/${id}` : null,
    refunded: false,
    review: null,
    shipping: pi.shipping,
    source: null,
    source_transfer: null,
    statement_descriptor: pi.statement_descriptor,
    statement_descriptor_suffix: pi.statement_descriptor_suffix,
    status: succeeded ? 'succeeded' : 'failed',
    transfer_data: null,
    transfer_group: null,
  };
  emu.state.charges.set(id, charge);
  return charge;
}
