import 'server-only';
import { headers } from 'next/headers';
import { forbidden, notFound, redirect } from 'next/navigation';
import type { User } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { currentUser } from './session';

async function signInRedirect(): Promise<never> {
  const path = (await headers()).get('x-pathname') ?? '/';
  redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
}

/** For pages: the signed-in user, or a redirect to sign-in that returns here afterwards. */
export async function userForPage(): Promise<User> {
  return (await currentUser()) ?? signInRedirect();
}

/** For pages: runs a service call and turns its auth errors into sign-in or the 403 page. */
export async function guardPage<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof AppError && error.code === 'unauthenticated') return signInRedirect();
    if (error instanceof AppError && error.code === 'forbidden') forbidden();
    throw error;
  }
}

/** For pages about one record: `guardPage`, and a record that is not found (or not theirs) is the 404 page. */
export async function guardRecordPage<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await guardPage(load);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
}
