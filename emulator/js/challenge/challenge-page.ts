import { envelope, type ChallengeFrameConfig, type FromChallenge } from '../shared/bridge-messages';
import { isRecord } from '../shared/is-record';
import { returnUrlWithIntent } from '../shared/return-url';

type Outcome = FromChallenge['outcome'];

function framedConfig(): ChallengeFrameConfig | null {
  if (window.parent === window) return null;
  try {
    const parsed: unknown = JSON.parse(decodeURIComponent(window.location.hash.slice(1)));
    if (!isRecord(parsed) || typeof parsed.channel !== 'string' || typeof parsed.parentOrigin !== 'string') return null;
    return { channel: parsed.channel, parentOrigin: parsed.parentOrigin };
  } catch {
    return null;
  }
}

const intentId = decodeURIComponent(window.location.pathname.split('/').pop() ?? '');
const query = new URLSearchParams(window.location.search);
const clientSecret = query.get('client_secret') ?? '';
const config = framedConfig();
const buttons = Array.from(document.querySelectorAll<HTMLButtonElement>('button[data-outcome]'));
const status = document.getElementById('challenge-status');

function say(text: string): void {
  if (status) status.textContent = text;
}

async function authenticate(outcome: Outcome): Promise<void> {
  for (const button of buttons) button.disabled = true;
  say(outcome === 'complete' ? 'Completing authentication…' : 'Failing authentication…');
  const response = await fetch('/3ds/authenticate', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ intent: intentId, client_secret: clientSecret, outcome }),
  }).catch(() => null);
  const body: unknown = await response?.json().catch(() => null);
  if (!response?.ok || !isRecord(body) || typeof body.status !== 'string') {
    const message =
      isRecord(body) && isRecord(body.error) && typeof body.error.message === 'string' ? body.error.message : 'the emulator did not answer';
    say(`Authentication could not be recorded: ${message}`);
    for (const button of buttons) button.disabled = false;
    return;
  }
  if (config) {
    // Inside Stripe.js's modal: hand the result to the page that opened it, and only to that origin.
    window.parent.postMessage(envelope(config.channel, { kind: 'challenge-complete', outcome }), config.parentOrigin);
    return;
  }
  const returnUrl = typeof body.return_url === 'string' ? body.return_url : query.get('return_url');
  if (!returnUrl) {
    say('Authentication recorded. You can close this window.');
    return;
  }
  window.location.assign(returnUrlWithIntent(returnUrl, window.location.href, intentId, clientSecret, body.status));
}

for (const button of buttons) {
  button.addEventListener('click', () => {
    void authenticate(button.dataset.outcome === 'complete' ? 'complete' : 'fail');
  });
}
