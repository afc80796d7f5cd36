import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { userForPage } from '@/lib/auth/page-guards';

export const metadata: Metadata = { title: 'Your account' };

export default async function AccountPage() {
  const user = await userForPage();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Your account</h1>
      <Card>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="text-ink-muted">Name</dt>
          <dd>{user.name ?? '—'}</dd>
          <dt className="text-ink-muted">Email</dt>
          <dd>{user.email}</dd>
          <dt className="text-ink-muted">Role</dt>
          <dd>{user.role}</dd>
          <dt className="text-ink-muted">Subscription</dt>
          <dd>{user.subscriptionStatus ?? 'none'}</dd>
        </dl>
      </Card>
    </div>
  );
}
