// Stripe's documented test cards: what each number (and its pm_card_* id) does.
export type Brand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb' | 'unionpay' | 'unknown';
export type Funding = 'credit' | 'debit' | 'prepaid' | 'unknown';

export interface Decline {
  /** Error code: card_declined, expired_card, incorrect_cvc, processing_error, authentication_required… */
  code: string;
  decline_code: string;
  message: string;
  /** Which card field the error points at, for Stripe.js to highlight. */
  param?: string;
  /** The charge outcome's seller message. */
  seller_message: string;
  network_status: 'declined_by_network' | 'not_sent_to_network';
}

/**
 * `none`: never asks for 3-D Secure; `required`: on every payment;
 * `unless_set_up`: until the card has been set up for future use (4000002500003155).
 */
export type ThreeDs = 'none' | 'optional' | 'required' | 'unless_set_up';

export interface TestCard {
  number: string;
  brand: Brand;
  funding: Funding;
  country: string;
  /** Outcome of charging the card (after authentication, if any). */
  charge: Decline | null;
  /** Outcome of attaching/setting up the card (Stripe validates it with the issuer). */
  attach: Decline | null;
  threeDs: ThreeDs;
  dispute: boolean;
  cvcCheck: 'pass' | 'fail';
  /** The magic PaymentMethod ids that stand for this card. */
  pmIds: string[];
}

const BANK = 'The bank did not return any further details with this decline.';

function declined(decline_code: string, message = 'Your card was declined.'): Decline {
  return {
    code: 'card_declined',
    decline_code,
    message,
    seller_message: decline_code === 'generic_decline' ? BANK : `The bank returned the decline code \`${decline_code}\`.`,
    network_status: 'declined_by_network',
  };
}

export const DECLINES = {
  generic: declined('generic_decline'),
  insufficientFunds: declined('insufficient_funds', 'Your card has insufficient funds.'),
  lost: declined('lost_card'),
  stolen: declined('stolen_card'),
  velocity: declined(
    'card_velocity_exceeded',
    'Your card was declined for making repeated attempts too frequently or exceeding its amount limit.',
  ),
  expired: {
    code: 'expired_card',
    decline_code: 'expired_card',
    message: 'Your card has expired.',
    param: 'exp_month',
    seller_message: 'The bank returned the decline code `expired_card`.',
    network_status: 'declined_by_network',
  },
  incorrectCvc: {
    code: 'incorrect_cvc',
    decline_code: 'incorrect_cvc',
    message: "Your card's security code is incorrect.",
    param: 'cvc',
    seller_message: 'The bank returned the decline code `incorrect_cvc`.',
    network_status: 'declined_by_network',
  },
  processing: {
    code: 'processing_error',
    decline_code: 'processing_error',
    message: 'An error occurred while processing your card. Try again in a little bit.',
    seller_message: 'The bank returned the decline code `processing_error`.',
    network_status: 'declined_by_network',
  },
  liveCardInTestMode: {
    code: 'card_declined',
    decline_code: 'test_mode_live_card',
    message:
      'Your card was declined. Your request was in test mode, but used a non test card. For a list of valid test cards, visit: https://stripe.com/docs/testing.',
    seller_message: 'The bank returned the decline code `test_mode_live_card`.',
    network_status: 'not_sent_to_network',
  },
  authenticationRequired: {
    code: 'authentication_required',
    decline_code: 'authentication_required',
    message: 'Your card was declined. This transaction requires authentication.',
    seller_message: 'The bank returned the decline code `authentication_required`.',
    network_status: 'declined_by_network',
  },
} satisfies Record<string, Decline>;

function card(number: string, brand: Brand, pmIds: string[], extra: Partial<Omit<TestCard, 'number' | 'brand' | 'pmIds'>> = {}): TestCard {
  return {
    number,
    brand,
    funding: 'credit',
    country: 'US',
    charge: null,
    attach: null,
    threeDs: 'none',
    dispute: false,
    cvcCheck: 'pass',
    pmIds,
    ...extra,
  };
}

const issuerDecline = (d: Decline) => ({ charge: d, attach: d });

export const TEST_CARDS: TestCard[] = [
  card('4242424242424242', 'visa', ['pm_card_visa', 'pm_card_us']),
  card('4000056655665556', 'visa', ['pm_card_visa_debit'], { funding: 'debit' }),
  card('5555555555554444', 'mastercard', ['pm_card_mastercard']),
  card('2223003122003222', 'mastercard', []),
  card('5200828282828210', 'mastercard', ['pm_card_mastercard_debit'], { funding: 'debit' }),
  card('5105105105105100', 'mastercard', ['pm_card_mastercard_prepaid'], { funding: 'prepaid' }),
  card('378282246310005', 'amex', ['pm_card_amex']),
  card('371449635398431', 'amex', []),
  card('6011111111111117', 'discover', ['pm_card_discover']),
  card('6011000990139424', 'discover', []),
  card('3056930009020004', 'diners', ['pm_card_diners']),
  card('36227206271667', 'diners', []),
  card('3566002020360505', 'jcb', ['pm_card_jcb'], { country: 'JP' }),
  card('6200000000000005', 'unionpay', ['pm_card_unionpay'], { country: 'CN' }),
  card('4000000000000077', 'visa', ['pm_card_bypassPending']),
  card('4000000000000101', 'visa', ['pm_card_cvcCheckFail'], { cvcCheck: 'fail' }),
  card('4000000000003055', 'visa', ['pm_card_threeDSecureOptional'], { threeDs: 'optional' }),
  card('4000000000003063', 'visa', ['pm_card_threeDSecureRequired'], { threeDs: 'required' }),
  card('4000002500003155', 'visa', ['pm_card_authenticationRequiredOnSetup'], { threeDs: 'unless_set_up' }),
  card('4000002760003184', 'visa', ['pm_card_authenticationRequired'], { threeDs: 'required' }),
  card('4000008260003178', 'visa', ['pm_card_authenticationRequiredChargeDeclinedInsufficientFunds'], {
    threeDs: 'required',
    charge: DECLINES.insufficientFunds,
  }),
  card('4000000000003220', 'visa', ['pm_card_threeDSecure2Required'], { threeDs: 'required' }),
  card('4000000000000002', 'visa', ['pm_card_visa_chargeDeclined', 'pm_card_chargeDeclined'], issuerDecline(DECLINES.generic)),
  card(
    '4000000000009995',
    'visa',
    ['pm_card_visa_chargeDeclinedInsufficientFunds', 'pm_card_chargeDeclinedInsufficientFunds'],
    issuerDecline(DECLINES.insufficientFunds),
  ),
  card('4000000000009987', 'visa', ['pm_card_visa_chargeDeclinedLostCard', 'pm_card_chargeDeclinedLostCard'], issuerDecline(DECLINES.lost)),
  card(
    '4000000000009979',
    'visa',
    ['pm_card_visa_chargeDeclinedStolenCard', 'pm_card_chargeDeclinedStolenCard'],
    issuerDecline(DECLINES.stolen),
  ),
  card('4000000000000069', 'visa', ['pm_card_chargeDeclinedExpiredCard'], issuerDecline(DECLINES.expired)),
  card('4000000000000127', 'visa', ['pm_card_chargeDeclinedIncorrectCvc'], { ...issuerDecline(DECLINES.incorrectCvc), cvcCheck: 'fail' }),
  card('4000000000000119', 'visa', ['pm_card_chargeDeclinedProcessingError'], issuerDecline(DECLINES.processing)),
  card('4000000000006975', 'visa', ['pm_card_visa_chargeDeclinedVelocityLimitExceeded'], issuerDecline(DECLINES.velocity)),
  card('4000000000000341', 'visa', ['pm_card_chargeCustomerFail'], { charge: DECLINES.generic }),
  card('4000000000000259', 'visa', ['pm_card_createDispute'], { dispute: true }),
];

const byNumber = new Map(TEST_CARDS.map((c) => [c.number, c]));
const byPmId = new Map(TEST_CARDS.flatMap((c) => c.pmIds.map((id) => [id, c] as const)));

export function testCardByPmId(id: string): TestCard | undefined {
  return byPmId.get(id);
}

export function luhnValid(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function brandOf(number: string): Brand {
  if (/^4/.test(number)) return 'visa';
  if (/^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  if (/^(6011|65|64[4-9])/.test(number)) return 'discover';
  if (/^(36|38|30[0-5])/.test(number)) return 'diners';
  if (/^35/.test(number)) return 'jcb';
  if (/^62/.test(number)) return 'unionpay';
  return 'unknown';
}

/** Test mode declines real card numbers, so any other Luhn-valid number is a `test_mode_live_card` decline. */
export function testCardByNumber(number: string): TestCard {
  return byNumber.get(number) ?? card(number, brandOf(number), [], issuerDecline(DECLINES.liveCardInTestMode));
}
