import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { SignUpForm } from './sign-up-form';

export const metadata: Metadata = { title: 'Create account' };

export default function SignUpPage() {
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-2xl font-bold">Create your account</h1>
      <Card>
        <SignUpForm />
      </Card>
    </div>
  );
}
