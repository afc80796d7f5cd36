import type { FrameElementType } from '../shared/bridge-messages';

export type FieldKey = 'number' | 'expiry' | 'cvc' | 'postalCode';

export interface CardFormDom {
  form: HTMLFormElement;
  inputs: Record<FieldKey, HTMLInputElement>;
  postalField: HTMLElement;
  postalLabel: HTMLElement | null;
  brand: HTMLElement;
  country: HTMLSelectElement | null;
  /** Per-field messages in the Payment Element; one shared line in the Card Element. */
  errorFor(key: FieldKey): HTMLElement;
}

// A short list is enough for the emulator; these are the countries Paydeck's tests use.
const COUNTRIES: Array<[string, string]> = [
  ['AU', 'Australia'],
  ['CA', 'Canada'],
  ['FR', 'France'],
  ['DE', 'Germany'],
  ['IE', 'Ireland'],
  ['JP', 'Japan'],
  ['NL', 'Netherlands'],
  ['SG', 'Singapore'],
  ['ES', 'Spain'],
  ['GB', 'United Kingdom'],
  ['US', 'United States'],
];

interface InputSpec {
  name: string;
  autocomplete: AutoFill;
  placeholder: string;
  numeric: boolean;
}

// Field names match real Elements: the Payment Element's `number`/`expiry`/`cvc`/`postalCode`,
// the Card Element's `cardnumber`/`exp-date`/`cvc`/`postal`.
const SPECS: Record<FrameElementType, Record<FieldKey, InputSpec & { label: string }>> = {
  payment: {
    number: { name: 'number', label: 'Card number', autocomplete: 'cc-number', placeholder: '1234 1234 1234 1234', numeric: true },
    expiry: { name: 'expiry', label: 'Expiration date', autocomplete: 'cc-exp', placeholder: 'MM / YY', numeric: true },
    cvc: { name: 'cvc', label: 'Security code', autocomplete: 'cc-csc', placeholder: 'CVC', numeric: true },
    postalCode: { name: 'postalCode', label: 'ZIP code', autocomplete: 'postal-code', placeholder: '12345', numeric: false },
  },
  card: {
    number: {
      name: 'cardnumber',
      label: 'Credit or debit card number',
      autocomplete: 'cc-number',
      placeholder: 'Card number',
      numeric: true,
    },
    expiry: {
      name: 'exp-date',
      label: 'Credit or debit card expiration date',
      autocomplete: 'cc-exp',
      placeholder: 'MM / YY',
      numeric: true,
    },
    cvc: { name: 'cvc', label: 'Credit or debit card CVC/CVV', autocomplete: 'cc-csc', placeholder: 'CVC', numeric: true },
    postalCode: { name: 'postal', label: 'ZIP', autocomplete: 'postal-code', placeholder: 'ZIP', numeric: false },
  },
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}

function input(id: string, spec: InputSpec): HTMLInputElement {
  const node = el('input', 'Input');
  node.id = id;
  node.name = spec.name;
  node.type = 'text';
  node.autocomplete = spec.autocomplete;
  node.placeholder = spec.placeholder;
  node.spellcheck = false;
  if (spec.numeric) node.inputMode = 'numeric';
  node.setAttribute('aria-invalid', 'false');
  return node;
}

function errorLine(id: string): HTMLParagraphElement {
  const node = el('p', 'Error');
  node.id = id;
  node.setAttribute('role', 'alert');
  return node;
}

/** A labelled field with its own error line, as the Payment Element lays them out. */
function labelledField(
  key: FieldKey,
  spec: InputSpec & { label: string },
): { field: HTMLElement; input: HTMLInputElement; label: HTMLElement; error: HTMLElement } {
  const field = el('div', `Field Field--${key}`);
  const label = el('label', 'Label');
  label.htmlFor = `Field-${key}Input`;
  label.textContent = spec.label;
  const control = input(`Field-${key}Input`, spec);
  const error = errorLine(`Field-${key}Error`);
  control.setAttribute('aria-describedby', error.id);
  field.append(label, control, error);
  return { field, input: control, label, error };
}

function countrySelect(): { field: HTMLElement; select: HTMLSelectElement } {
  const field = el('div', 'Field Field--country');
  const label = el('label', 'Label');
  label.htmlFor = 'Field-countryInput';
  label.textContent = 'Country';
  const select = el('select', 'Input');
  select.id = 'Field-countryInput';
  select.name = 'country';
  select.autocomplete = 'country';
  for (const [code, name] of COUNTRIES) select.append(new Option(name, code));
  // Real Elements guess the country from the customer's IP; the emulator always starts at US.
  select.value = 'US';
  field.append(label, select);
  return { field, select };
}

function buildPaymentForm(form: HTMLFormElement, brand: HTMLElement): CardFormDom {
  const specs = SPECS.payment;
  const number = labelledField('number', specs.number);
  const expiry = labelledField('expiry', specs.expiry);
  const cvc = labelledField('cvc', specs.cvc);
  const postal = labelledField('postalCode', specs.postalCode);
  const country = countrySelect();
  number.input.after(brand);
  const row = (...fields: HTMLElement[]): HTMLElement => {
    const node = el('div', 'Row');
    node.append(...fields);
    return node;
  };
  form.append(row(number.field), row(expiry.field, cvc.field), row(country.field, postal.field));
  const errors: Record<FieldKey, HTMLElement> = { number: number.error, expiry: expiry.error, cvc: cvc.error, postalCode: postal.error };
  return {
    form,
    inputs: { number: number.input, expiry: expiry.input, cvc: cvc.input, postalCode: postal.input },
    postalField: postal.field,
    postalLabel: postal.label,
    brand,
    country: country.select,
    errorFor: (key) => errors[key],
  };
}

function buildCardForm(form: HTMLFormElement, brand: HTMLElement): CardFormDom {
  const specs = SPECS.card;
  const line = el('div', 'CardLine');
  const error = errorLine('Card-error');
  const make = (key: FieldKey): HTMLInputElement => {
    const spec = specs[key];
    const control = input(`Card-${key}Input`, spec);
    control.setAttribute('aria-label', spec.label);
    control.setAttribute('aria-describedby', error.id);
    control.classList.add(`Input--${key}`);
    return control;
  };
  const inputs: Record<FieldKey, HTMLInputElement> = {
    number: make('number'),
    expiry: make('expiry'),
    cvc: make('cvc'),
    postalCode: make('postalCode'),
  };
  line.append(brand, inputs.number, inputs.expiry, inputs.cvc, inputs.postalCode);
  form.append(line, error);
  return { form, inputs, postalField: inputs.postalCode, postalLabel: null, brand, country: null, errorFor: () => error };
}

/** Builds the card form inside the frame; no values, those only ever come from the customer. */
export function buildCardFormDom(type: FrameElementType): CardFormDom {
  const form = el('form', `CardForm CardForm--${type}`);
  form.noValidate = true;
  form.setAttribute('aria-label', 'Card details');
  const brand = el('span', 'Brand');
  brand.setAttribute('aria-hidden', 'true');
  return type === 'payment' ? buildPaymentForm(form, brand) : buildCardForm(form, brand);
}
