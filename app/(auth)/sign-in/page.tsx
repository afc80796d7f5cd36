import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-2xl font-bold">Sign in</h1>
      <Card>
        <SignInForm callbackUrl={typeof callbackUrl === 'string' ? callbackUrl : undefined} />
      </Card>
    </div>
  );
}
