import 'server-only';
import { ZodError } from 'zod';
import { AppError, asAppError } from '@/lib/errors';

export type Loaded<T> = { ok: true; data: T } | { ok: false; message: string; fields: Record<string, string[]> };

/** Runs a list query for a page: invalid filters come back as field messages for the form; anything else throws. */
export async function loadOrInvalid<T>(load: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, data: await load() };
  } catch (error) {
    if (!(error instanceof ZodError) && !(error instanceof AppError && error.code === 'validation_failed')) throw error;
    const e = asAppError(error);
    return { ok: false, message: e.message, fields: e.details?.fields ?? {} };
  }
}
