import 'server-only';
import type { User } from '@/db/schema';
import { clientIp } from '@/lib/security/client-ip';
import { assertSameOrigin } from '@/lib/security/origin';
import { consume } from '@/lib/security/rate-limit';
import type { RateLimitPolicy } from '@/lib/security/rate-limit-policies';

/** The checks every state-changing payment API call makes after authentication: same origin, then the rate limit. */
export async function guardMutation(request: Request, user: Pick<User, 'id'>, policy: RateLimitPolicy): Promise<void> {
  assertSameOrigin(request);
  await consume(policy, { ip: clientIp(request.headers), user: user.id });
}
