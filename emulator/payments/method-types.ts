// Which payment method types an intent may use: `allowed_payment_method_types` in this API
// version (the older `payment_method_types` is still accepted), or automatic payment methods.
import { invalid, validationError } from '../wire/errors';

export interface MethodTypeParams {
  allowed_payment_method_types?: string[];
  payment_method_types?: string[];
  automatic_payment_methods?: { enabled: boolean };
}

/** The allowed list, or null for automatic payment methods. The emulator can only offer cards. */
export function allowedTypes(p: MethodTypeParams): string[] | null {
  if (p.allowed_payment_method_types && p.payment_method_types) {
    throw validationError(
      'You may only specify one of these parameters: allowed_payment_method_types, payment_method_types.',
      'allowed_payment_method_types',
      'parameters_exclusive',
    );
  }
  const list = p.allowed_payment_method_types ?? p.payment_method_types;
  if (list && p.automatic_payment_methods) {
    throw validationError(
      'You may only specify one of these parameters: automatic_payment_methods, allowed_payment_method_types.',
      'automatic_payment_methods',
      'parameters_exclusive',
    );
  }
  if (list && !list.includes('card')) {
    throw invalid(
      `None of the payment method types ${JSON.stringify(list)} can be used: the Stripe emulator supports card only.`,
      p.allowed_payment_method_types ? 'allowed_payment_method_types' : 'payment_method_types',
    );
  }
  if (list) return list;
  return p.automatic_payment_methods?.enabled === false ? ['card'] : null;
}
