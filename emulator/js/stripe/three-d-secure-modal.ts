import { openEnvelope, randomId, type ChallengeFrameConfig, type FromChallenge } from '../shared/bridge-messages';

/**
 * Shows the issuer's challenge page in a modal over the merchant page, as Stripe.js does for
 * 3-D Secure, and resolves once the page reports the customer's choice.
 */
export function openChallengeModal(challengeUrl: string, emulatorOrigin: string): Promise<FromChallenge['outcome']> {
  const config: ChallengeFrameConfig = { channel: randomId('3ds'), parentOrigin: window.location.origin };
  const previousFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;

  const overlay = document.createElement('div');
  overlay.setAttribute('data-stripe-emulator', 'three-d-secure');
  overlay.style.cssText =
    'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,0.5);display:flex;align-items:center;justify-content:center;';
  const dialog = document.createElement('div');
  dialog.setAttribute('role', 'dialog');
  dialog.setAttribute('aria-modal', 'true');
  dialog.setAttribute('aria-label', '3D Secure authentication');
  dialog.style.cssText =
    'background:#fff;border-radius:8px;box-shadow:0 8px 32px rgba(0,0,0,0.3);width:min(480px,95vw);height:min(560px,90vh);overflow:hidden;';
  const frame = document.createElement('iframe');
  frame.name = '__privateStripeFrame3ds';
  frame.title = '3D Secure authentication';
  frame.src = `${challengeUrl}#${encodeURIComponent(JSON.stringify(config))}`;
  frame.style.cssText = 'border:none;width:100%;height:100%;display:block;';
  dialog.appendChild(frame);
  overlay.appendChild(dialog);
  document.body.appendChild(overlay);
  frame.focus();

  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent): void => {
      if (event.source !== frame.contentWindow || event.origin !== emulatorOrigin) return;
      const message = openEnvelope<FromChallenge>(event.data, config.channel);
      if (message?.kind !== 'challenge-complete') return;
      window.removeEventListener('message', onMessage);
      overlay.remove();
      previousFocus?.focus();
      resolve(message.outcome);
    };
    window.addEventListener('message', onMessage);
  });
}
