import { listWebhookEvents } from '@/lib/admin/webhooks';
import { currentUser } from '@/lib/auth/session';
import { route } from '@/lib/http/handler';
import { privateJson } from '@/lib/http/respond';

export const GET = route(async (request) =>
  privateJson(await listWebhookEvents(await currentUser(), Object.fromEntries(new URL(request.url).searchParams))),
);
