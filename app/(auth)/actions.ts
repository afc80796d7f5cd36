'use server';

import { AuthError } from 'next-auth';
import { headers } from 'next/headers';
import { signIn, signOut } from '@/lib/auth/config';
import { registerUser } from '@/lib/auth/accounts';
import { asAppError } from '@/lib/errors';
import { safeRedirectPath } from '@/lib/http/redirect';
import { clientIp } from '@/lib/security/client-ip';
import { consume } from '@/lib/security/rate-limit';
import { SignInRateLimited } from '@/lib/security/sign-in-limit';

export type AuthFormState = { message?: string; fields?: Record<string, string[]>; values?: Record<string, string> };

const field = (form: FormData, name: string) => String(form.get(name) ?? '');

export async function signInAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const email = field(form, 'email');
  try {
    await signIn('credentials', {
      email,
      password: field(form, 'password'),
      redirectTo: safeRedirectPath(field(form, 'callbackUrl'), '/account'),
    });
    return {};
  } catch (error) {
    // A successful sign-in throws Next's redirect, which must propagate.
    if (error instanceof SignInRateLimited) return { message: error.userMessage, values: { email } };
    if (error instanceof AuthError) return { message: 'Invalid email or password.', values: { email } };
    throw error;
  }
}

export async function signUpAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const values = { name: field(form, 'name'), email: field(form, 'email') };
  try {
    await consume('sign-up', { ip: clientIp(await headers()), user: values.email });
    await registerUser({ ...values, password: field(form, 'password') });
  } catch (error) {
    const appError = asAppError(error);
    return { message: appError.details?.fields ? undefined : appError.message, fields: appError.details?.fields, values };
  }
  await signIn('credentials', { email: values.email, password: field(form, 'password'), redirectTo: '/account' });
  return {};
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/' });
}
