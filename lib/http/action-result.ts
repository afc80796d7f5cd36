import 'server-only';
import { asAppError } from '@/lib/errors';

/** What a server action answers: a thrown error would reach the browser as a generic failure, so failures are results too. */
export type ActionResult<T> =
  { ok: true; data: T } | { ok: false; error: { code: string; message: string; fields?: Record<string, string[]> } };

type Failure = Extract<ActionResult<never>, { ok: false }>;

/** Runs a server action's body: its (possibly stored, idempotent) answer, or the error's safe code and message, as a result. */
export async function actionResult<T>(run: () => Promise<{ status: number; body: unknown }>): Promise<ActionResult<T>> {
  try {
    const { status, body } = await run();
    if (status < 400) return { ok: true, data: body as T };
    return { ok: false, error: (body as Failure).error };
  } catch (error) {
    const e = asAppError(error);
    return { ok: false, error: { code: e.code, message: e.message, fields: e.details?.fields } };
  }
}
