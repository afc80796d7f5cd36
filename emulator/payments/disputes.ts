// Disputes: the 4000000000000259 test card is disputed by the "cardholder" shortly after payment.
import type Stripe from 'stripe';
import type { Emulator } from '../core/context';
import { newId } from '../core/ids';
import { snapshot } from '../core/json';
import { DAY, nowSeconds } from '../core/time';
import { idOf } from '../resources/common';

/** Stripe opens the dispute a moment after the charge succeeds, not inside the confirm call. */
const DISPUTE_DELAY_MS = 100;

function emptyEvidence(): Stripe.Dispute.Evidence {
  return {
    access_activity_log: null,
    billing_address: null,
    cancellation_policy: null,
    cancellation_policy_disclosure: null,
    cancellation_rebuttal: null,
    customer_communication: null,
    customer_email_address: null,
    customer_name: null,
    customer_purchase_ip: null,
    customer_signature: null,
    duplicate_charge_documentation: null,
    duplicate_charge_explanation: null,
    duplicate_charge_id: null,
    enhanced_evidence: {},
    product_description: null,
    receipt: null,
    refund_policy: null,
    refund_policy_disclosure: null,
    refund_refusal_explanation: null,
    service_date: null,
    service_documentation: null,
    shipping_address: null,
    shipping_carrier: null,
    shipping_date: null,
    shipping_documentation: null,
    shipping_tracking_number: null,
    uncategorized_file: null,
    uncategorized_text: null,
  };
}

export function scheduleDispute(emu: Emulator, charge: Stripe.Charge): void {
  emu.later(DISPUTE_DELAY_MS, () => {
    const created = nowSeconds();
    const dispute: Stripe.Dispute = {
      id: newId('dp', 24),
      object: 'dispute',
      amount: charge.amount,
      balance_transactions: [],
      charge: charge.id,
      created,
      currency: charge.currency,
      enhanced_eligibility_types: [],
      evidence: emptyEvidence(),
      evidence_details: {
        due_by: created + 7 * DAY,
        enhanced_eligibility: {},
        has_evidence: false,
        past_due: false,
        submission_count: 0,
        submission_method: 'not_submitted',
      },
      intended_submission_method: null,
      is_charge_refundable: false,
      livemode: false,
      metadata: {},
      payment_intent: idOf(charge.payment_intent),
      reason: 'fraudulent',
      status: 'needs_response',
    };
    emu.state.disputes.set(dispute.id, dispute);
    const before = snapshot(charge);
    charge.disputed = true;
    emu.events.emit('charge.dispute.created', dispute);
    emu.events.emitChange('charge.updated', charge, before);
    emu.changed();
  });
}
