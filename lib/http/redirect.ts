/** Keeps post-sign-in redirects on our own site: only same-origin absolute paths pass. */
export function safeRedirectPath(candidate: string | null | undefined, fallback: string): string {
  if (!candidate || !candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) return fallback;
  try {
    const url = new URL(candidate, 'http://internal.invalid');
    return url.origin === 'http://internal.invalid' ? `${url.pathname}${url.search}${url.hash}` : fallback;
  } catch {
    return fallback;
  }
}
