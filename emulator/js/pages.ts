// HTML of the pages the stand-in serves from the emulator's origin.

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Content-Security-Policy for the frames: own scripts, styles and API only; any merchant may embed them. */
export const FRAME_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'none'; base-uri 'none'; frame-ancestors *";

export function cardFrameHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Secure payment input frame</title>
<link rel="stylesheet" href="/elements/card-frame.css">
</head>
<body>
<script src="/elements/card-frame.js"></script>
</body>
</html>
`;
}

export function challengeHtml(intentId: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>3D Secure Test Payment Page</title>
<link rel="stylesheet" href="/elements/challenge.css">
</head>
<body>
<main>
<p class="badge">TEST MODE · Stripe emulator</p>
<h1>3D Secure Test Payment Page</h1>
<p>This is a test page for 3D Secure authentication of <code>${escapeHtml(intentId)}</code>. No bank is involved and no money moves.</p>
<p>Choose how the customer's bank should answer.</p>
<div class="actions">
<button type="button" class="fail" data-outcome="fail">Fail authentication</button>
<button type="button" class="complete" data-outcome="complete">Complete authentication</button>
</div>
<p id="challenge-status" role="status"></p>
</main>
<script src="/elements/challenge.js"></script>
</body>
</html>
`;
}
