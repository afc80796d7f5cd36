import { listUsers } from '@/lib/admin/users';
import { currentUser } from '@/lib/auth/session';
import { route } from '@/lib/http/handler';

export const GET = route(async () => {
  const result = await listUsers(await currentUser());
  return Response.json(result, { headers: { 'Cache-Control': 'no-store' } });
});
