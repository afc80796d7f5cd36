import type { CardState, FrameElementType, FrameOptions } from '../shared/bridge-messages';
import {
  cardBrand,
  checkCvc,
  checkExpiry,
  checkNumber,
  checkPostalCode,
  digitsOnly,
  expiryParts,
  normalizeExpiryDigits,
  type CardBrand,
  type FieldCheck,
  type ValidationError,
} from '../shared/card-validation';
import type { FormValue } from '../shared/form-encode';
import { buildCardFormDom, type CardFormDom, type FieldKey } from './card-form-dom';
import { maskCvc, maskExpiry, maskNumber, maskPostalCode } from './input-masks';

// Countries whose postal code the Payment Element asks for.
const POSTAL_COUNTRIES = new Set(['US', 'CA', 'GB']);
const FIELD_ORDER: FieldKey[] = ['number', 'expiry', 'cvc', 'postalCode'];
const BRAND_LABEL: Record<CardBrand, string> = {
  visa: 'VISA',
  mastercard: 'MC',
  amex: 'AMEX',
  discover: 'DISC',
  diners: 'DINERS',
  jcb: 'JCB',
  unionpay: 'UPAY',
  unknown: '',
};

export interface CardFormEvents {
  change(state: CardState): void;
  focus(): void;
  blur(): void;
  escape(): void;
}

/** The card fields inside the frame: formatting, Stripe's validation rules and messages, and the raw card data. */
export class CardForm {
  readonly dom: CardFormDom;
  private readonly touched = new Set<FieldKey>();
  private submitted = false;
  private focusedWithin = false;
  private lastState = '';

  constructor(
    private readonly type: FrameElementType,
    private options: FrameOptions,
    private readonly events: CardFormEvents,
  ) {
    this.dom = buildCardFormDom(type);
    this.wire();
    this.applyOptions(options);
  }

  applyOptions(options: FrameOptions): void {
    this.options = { ...this.options, ...options };
    const { inputs, country } = this.dom;
    for (const input of Object.values(inputs)) input.disabled = Boolean(this.options.disabled);
    if (country) {
      if (this.options.country && Array.from(country.options).some((o) => o.value === this.options.country))
        country.value = this.options.country;
      country.disabled = Boolean(this.options.disabled);
    }
    if (this.options.postalCode && !inputs.postalCode.value) inputs.postalCode.value = this.options.postalCode;
    this.layout();
    this.render();
  }

  focus(): void {
    this.dom.inputs.number.focus();
  }

  blur(): void {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  }

  clear(): void {
    for (const input of Object.values(this.dom.inputs)) input.value = '';
    this.touched.clear();
    this.submitted = false;
    this.emitChange(true);
  }

  /** Shows every message, as on submit, and returns the first error (focusing its field). */
  validate(): ValidationError | undefined {
    this.submitted = true;
    const state = this.emitChange(false);
    const first = FIELD_ORDER.find((key) => this.visibleError(key));
    if (first) this.dom.inputs[first].focus();
    return state.error;
  }

  /** The card and address parameters for `POST /v1/payment_methods`; only valid after `validate()` passed. */
  paymentMethodFields(): { card: Record<string, FormValue>; address: Record<string, FormValue> } {
    const { inputs, country } = this.dom;
    const { month, year } = expiryParts(normalizeExpiryDigits(inputs.expiry.value));
    const address: Record<string, FormValue> = {};
    if (this.postalShown()) address.postal_code = inputs.postalCode.value.trim();
    if (country && this.countryShown()) address.country = country.value;
    return {
      card: { number: digitsOnly(inputs.number.value), exp_month: month, exp_year: year, cvc: digitsOnly(inputs.cvc.value) },
      address,
    };
  }

  private wire(): void {
    const { form, inputs, country } = this.dom;
    inputs.number.addEventListener('input', () => this.onInput('number', () => maskNumber(inputs.number), inputs.expiry));
    inputs.expiry.addEventListener('input', (event) => {
      const deleting = event instanceof InputEvent && event.inputType.startsWith('delete');
      this.onInput('expiry', () => maskExpiry(inputs.expiry, deleting), inputs.cvc);
    });
    inputs.cvc.addEventListener('input', () => this.onInput('cvc', () => maskCvc(inputs.cvc, digitsOnly(inputs.number.value)), null));
    inputs.postalCode.addEventListener('input', () =>
      this.onInput('postalCode', () => maskPostalCode(inputs.postalCode, this.postalCountry()), null),
    );
    country?.addEventListener('change', () => {
      this.layout();
      this.emitChange(true);
    });
    for (const key of FIELD_ORDER) {
      inputs[key].addEventListener('blur', () => {
        this.touched.add(key);
        this.emitChange(false);
      });
    }
    form.addEventListener('focusin', () => {
      if (this.focusedWithin) return;
      this.focusedWithin = true;
      this.events.focus();
    });
    form.addEventListener('focusout', (event) => {
      if (event.relatedTarget instanceof Node && form.contains(event.relatedTarget)) return;
      this.focusedWithin = false;
      this.events.blur();
    });
    form.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.events.escape();
    });
    // Enter in a card field must not navigate the frame.
    form.addEventListener('submit', (event) => event.preventDefault());
  }

  private onInput(key: FieldKey, mask: () => void, next: HTMLInputElement | null): void {
    const wasComplete = this.check(key)?.complete;
    mask();
    const check = this.check(key);
    if (next && check?.complete && !wasComplete && document.activeElement === this.dom.inputs[key]) next.focus();
    this.emitChange(true);
  }

  private countryShown(): boolean {
    return this.type === 'payment' && this.options.collectAddress !== false;
  }

  private postalCountry(): string | undefined {
    return this.type === 'payment' ? this.dom.country?.value : undefined;
  }

  private postalShown(): boolean {
    if (this.type === 'card') return !this.options.hidePostalCode;
    return this.countryShown() && POSTAL_COUNTRIES.has(this.dom.country?.value ?? '');
  }

  private layout(): void {
    const { postalField, postalLabel, country, inputs } = this.dom;
    postalField.hidden = !this.postalShown();
    if (country?.parentElement) country.parentElement.hidden = !this.countryShown();
    const isUs = this.postalCountry() === 'US';
    if (postalLabel) postalLabel.textContent = isUs ? 'ZIP code' : 'Postal code';
    if (this.type === 'payment') inputs.postalCode.placeholder = isUs ? '12345' : '';
  }

  private check(key: FieldKey): FieldCheck | null {
    const { inputs } = this.dom;
    const numberDigits = digitsOnly(inputs.number.value);
    switch (key) {
      case 'number':
        return checkNumber(numberDigits);
      case 'expiry':
        return checkExpiry(normalizeExpiryDigits(inputs.expiry.value), new Date());
      case 'cvc':
        return checkCvc(digitsOnly(inputs.cvc.value), cardBrand(numberDigits));
      case 'postalCode':
        return this.postalShown() ? checkPostalCode(inputs.postalCode.value, this.postalCountry()) : null;
    }
  }

  private visibleError(key: FieldKey): ValidationError | undefined {
    const check = this.check(key);
    if (!check?.error) return undefined;
    return check.eager || this.submitted || (this.touched.has(key) && !check.empty) ? check.error : undefined;
  }

  private render(): CardState {
    const { inputs } = this.dom;
    const errors = FIELD_ORDER.map((key) => [key, this.visibleError(key)] as const);
    for (const [key, error] of errors) {
      inputs[key].setAttribute('aria-invalid', String(Boolean(error)));
      inputs[key].classList.toggle('Input--invalid', Boolean(error));
    }
    const firstError = errors.find(([, error]) => error)?.[1];
    if (this.type === 'card') {
      this.dom.errorFor('number').textContent = firstError?.message ?? '';
    } else {
      for (const [key, error] of errors) this.dom.errorFor(key).textContent = error?.message ?? '';
    }
    const brand = cardBrand(digitsOnly(inputs.number.value));
    this.dom.brand.textContent = BRAND_LABEL[brand];
    const checks = FIELD_ORDER.map((key) => this.check(key)).filter((check): check is FieldCheck => check !== null);
    const state: CardState = {
      empty: checks.every((check) => check.empty),
      complete: checks.every((check) => check.complete),
      brand,
      postalCode: this.postalShown() ? inputs.postalCode.value.trim() : '',
    };
    if (firstError) state.error = firstError;
    if (this.countryShown() && this.dom.country) state.country = this.dom.country.value;
    return state;
  }

  /** Re-renders and reports the state; `always` for value edits (Stripe fires change per edit), otherwise only when it moved. */
  private emitChange(always: boolean): CardState {
    const state = this.render();
    const serialized = JSON.stringify(state);
    if (always || serialized !== this.lastState) this.events.change(state);
    this.lastState = serialized;
    return state;
  }
}
