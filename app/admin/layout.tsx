import type { ReactNode } from 'react';
import { AdminNav } from '@/components/admin/admin-nav';
import { currentUser } from '@/lib/auth/session';

// Pages authorise through the service layer; the layout only decides whether to show the admin menu.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <>
      {user?.role === 'admin' ? <AdminNav /> : null}
      {children}
    </>
  );
}
