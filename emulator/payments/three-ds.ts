// POST /3ds/authenticate: the test challenge page's "Complete" / "Fail" buttons land here.
import type { Emulator } from '../core/context';
import { secretsMatch } from '../core/secrets';
import { invalid, noSuch } from '../wire/errors';
import type { FormObject } from '../wire/form';
import { oneOf, parseParams, required, str } from '../wire/schema';
import { completePaymentAuthentication } from './confirm-payment';
import { completeSetupAuthentication } from './confirm-setup';

const shape = { intent: required(str()), client_secret: required(str()), outcome: required(oneOf('complete', 'fail')) };

export function authenticate(emu: Emulator, body: FormObject): { status: string; intent: string } {
  const p = parseParams(shape, body);
  const success = p.outcome === 'complete';
  if (p.intent.startsWith('seti_')) {
    const si = emu.state.setupIntents.get(p.intent);
    if (!si) throw noSuch('setup_intent', p.intent, 'intent');
    if (!secretsMatch(p.client_secret, si.client_secret))
      throw invalid(
        'The client_secret provided does not match the client_secret associated with the SetupIntent.',
        'client_secret',
        'setup_intent_invalid_parameter',
      );
    completeSetupAuthentication(emu, si, success);
    return { status: si.status, intent: si.id };
  }
  const pi = emu.state.paymentIntents.get(p.intent);
  if (!pi) throw noSuch('payment_intent', p.intent, 'intent');
  if (!secretsMatch(p.client_secret, pi.client_secret))
    throw invalid(
      'The client_secret provided does not match the client_secret associated with the PaymentIntent.',
      'client_secret',
      'payment_intent_invalid_parameter',
    );
  completePaymentAuthentication(emu, pi, success);
  return { status: pi.status, intent: pi.id };
}
