import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { listUsers } from '@/lib/admin/users';
import { guardPage, userForPage } from '@/lib/auth/page-guards';

export const metadata: Metadata = { title: 'Admin' };

export default async function AdminHomePage() {
  const actor = await userForPage();
  const { total, users } = await guardPage(() => listUsers(actor, { limit: 20 }));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Admin</h1>
      <Card title={`Users (${total})`}>
        <table className="w-full text-left text-sm">
          <thead className="text-ink-muted">
            <tr>
              <th scope="col" className="py-2">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className="border-t border-gray-100">
                <td className="py-2">{u.email}</td>
                <td>{u.name ?? '—'}</td>
                <td>{u.role}</td>
                <td>{u.createdAt.toISOString().slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </div>
  );
}
