import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { Detail, DetailList } from '@/components/ui/details';
import { userForPage } from '@/lib/auth/page-guards';

export const metadata: Metadata = { title: 'Your account' };

export default async function AccountPage() {
  const user = await userForPage();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Your account</h1>
      <Card>
        <DetailList>
          <Detail label="Name">{user.name ?? '—'}</Detail>
          <Detail label="Email">{user.email}</Detail>
          <Detail label="Role">{user.role}</Detail>
          <Detail label="Subscription">{user.subscriptionStatus ?? 'none'}</Detail>
        </DetailList>
      </Card>
    </div>
  );
}
