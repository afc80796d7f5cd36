import 'server-only';
// The class next-auth re-exports; imported from its source so this module also loads outside Next's bundler (tests, scripts).
import { CredentialsSignin } from '@auth/core/errors';
import { AppError } from '@/lib/errors';
import { clientIp } from './client-ip';
import { consume, forgive } from './rate-limit';

/**
 * Thrown from the credentials provider when the sign-in policy is exhausted. Auth.js hands it to
 * the sign-in action as is, and puts `code=rate_limited` in the redirect of direct API callers.
 */
export class SignInRateLimited extends CredentialsSignin {
  code = 'rate_limited';
  constructor(
    readonly userMessage: string,
    readonly retryAfterSeconds: number,
  ) {
    super();
  }
}

/**
 * Runs one credentials check under the `sign-in` policy, per client IP and per named email. A
 * successful attempt is forgiven, so only failures add up and honest users never lock themselves out.
 */
export async function limitSignIn<T>(
  credentials: Partial<Record<string, unknown>>,
  request: Request,
  attempt: () => Promise<T | null>,
): Promise<T | null> {
  const email = typeof credentials.email === 'string' ? credentials.email.slice(0, 320) : null;
  const keys = { ip: clientIp(request.headers), user: email };
  try {
    await consume('sign-in', keys);
  } catch (error) {
    if (error instanceof AppError && error.code === 'rate_limited')
      throw new SignInRateLimited(error.message, error.details?.retryAfterSeconds ?? 60);
    throw error;
  }
  const result = await attempt();
  if (result) await forgive('sign-in', keys);
  return result;
}
