import 'server-only';
import { and, desc, eq, gt, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db';
import { reconciliationRuns, type ReconciliationRun, type User } from '@/db/schema';
import { audit, type AuditActor, type RequestMeta } from '@/lib/audit';
import { assertAdmin } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { enqueue } from '@/lib/jobs/boss';
import { logger } from '@/lib/log/logger';
import { dateParam, endOf, startOf } from '../query-params';
import { reconcileWindow } from './engine';
import type { Progress, ReconcileReport } from './types';

const MAX_WINDOW_DAYS = 90;
// A run still "running" after the job's own expiry belonged to a worker that died.
const STALE_AFTER_MS = 60 * 60_000;
const PROGRESS_WRITE_MS = 300;

export const reconciliationInput = z
  .strictObject({
    from: dateParam('start of the window'),
    to: dateParam('end of the window'),
    repair: z.boolean('Say whether to repair (true) or only report (false).').default(true),
  })
  .transform((v, ctx) => {
    const to = v.to ? endOf(v.to) : new Date();
    const from = v.from ? startOf(v.from) : new Date(to.getTime() - 86_400_000);
    if (from >= to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The end of the window must be after its start.' });
    if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * 86_400_000)
      ctx.addIssue({ code: 'custom', path: ['from'], message: `Reconcile at most ${MAX_WINDOW_DAYS} days at a time.` });
    return { from, to, repair: v.repair };
  });
export type ReconciliationInput = z.input<typeof reconciliationInput>;

export type ReconciliationRunView = {
  id: string;
  source: 'admin' | 'cli';
  status: ReconciliationRun['status'];
  windowFrom: string;
  windowTo: string;
  repair: boolean;
  phase: string | null;
  done: number;
  total: number;
  report: ReconcileReport | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
};

const toView = (r: ReconciliationRun): ReconciliationRunView => ({
  id: r.id,
  source: r.source,
  status: r.status,
  windowFrom: r.windowFrom.toISOString(),
  windowTo: r.windowTo.toISOString(),
  repair: r.repair,
  phase: r.phase,
  done: r.done,
  total: r.total,
  report: (r.report as ReconcileReport | null) ?? null,
  error: r.error,
  createdAt: r.createdAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
});

/**
 * Queues a reconciliation of a time window (default: the last 24 hours) for the worker and
 * returns its run, whose progress the admin page polls. One run at a time. Admins only; audited.
 */
export async function startReconciliation(
  actor: User | null,
  input: ReconciliationInput,
  ctx: { request?: RequestMeta } = {},
): Promise<ReconciliationRunView> {
  assertAdmin(actor);
  const window = reconciliationInput.parse(input);
  const run = await db.transaction(async (tx) => {
    const [busy] = await tx
      .select({ id: reconciliationRuns.id })
      .from(reconciliationRuns)
      .where(
        and(
          inArray(reconciliationRuns.status, ['queued', 'running']),
          gt(reconciliationRuns.createdAt, new Date(Date.now() - STALE_AFTER_MS)),
        ),
      )
      .limit(1);
    if (busy) throw new AppError('conflict', 'A reconciliation is already running; wait for it to finish.');
    const [row] = await tx
      .insert(reconciliationRuns)
      .values({
        source: 'admin',
        startedBy: actor.id,
        windowFrom: window.from,
        windowTo: window.to,
        repair: window.repair,
        status: 'queued',
      })
      .returning();
    await audit(
      {
        actor: { type: 'admin', id: actor.id },
        action: 'reconciliation.started',
        target: { type: 'reconciliation', id: row!.id },
        data: { from: window.from.toISOString(), to: window.to.toISOString(), repair: window.repair },
        request: ctx.request,
      },
      tx,
    );
    return row!;
  });
  await enqueue('admin.reconcile', { runId: run.id });
  return toView(run);
}

/**
 * Runs one queued reconciliation (the `admin.reconcile` job, or the CLI in-process): writes its
 * progress to the run row a few times a second and its report at the end. Returns the report.
 */
export async function executeReconciliationRun(runId: string, onProgress?: (p: Progress) => void): Promise<ReconcileReport | null> {
  const [run] = await db
    .update(reconciliationRuns)
    .set({ status: 'running', startedAt: new Date() })
    .where(and(eq(reconciliationRuns.id, runId), eq(reconciliationRuns.status, 'queued')))
    .returning();
  if (!run) return null;
  const actor: AuditActor = run.startedBy ? { type: 'admin', id: run.startedBy } : { type: 'system', id: 'reconcile-cli' };
  let lastWrite = 0;
  let writing: Promise<unknown> = Promise.resolve();
  const progress = (p: Progress) => {
    onProgress?.(p);
    if (Date.now() - lastWrite < PROGRESS_WRITE_MS && p.done !== p.total) return;
    lastWrite = Date.now();
    writing = writing
      .then(() =>
        db
          .update(reconciliationRuns)
          .set({ phase: `${p.step}/${p.steps} ${p.phase}`, done: p.done, total: p.total ?? p.done })
          .where(eq(reconciliationRuns.id, runId)),
      )
      .catch((err: unknown) => logger.warn({ err, runId }, 'reconciliation progress write failed'));
  };
  try {
    const report = await reconcileWindow({ from: run.windowFrom, to: run.windowTo, repair: run.repair, actor, onProgress: progress });
    await writing;
    await db
      .update(reconciliationRuns)
      .set({ status: 'completed', phase: 'Done', report, finishedAt: new Date() })
      .where(eq(reconciliationRuns.id, runId));
    await audit({
      actor,
      action: 'reconciliation.completed',
      target: { type: 'reconciliation', id: runId },
      data: { counts: report.counts, repaired: report.repaired, checked: report.checked },
    });
    return report;
  } catch (error) {
    await writing;
    const message = error instanceof AppError ? error.message : 'The reconciliation stopped on an unexpected error; see the logs.';
    logger.error({ err: error, runId }, 'reconciliation failed');
    await db
      .update(reconciliationRuns)
      .set({ status: 'failed', error: message, finishedAt: new Date() })
      .where(eq(reconciliationRuns.id, runId));
    await audit({ actor, action: 'reconciliation.failed', target: { type: 'reconciliation', id: runId }, data: { error: message } });
    throw error;
  }
}

/** The CLI's entry: records a run (source `cli`) and executes it in this process. Not exposed over HTTP. */
export async function runReconciliationFromCli(
  input: ReconciliationInput,
  onProgress?: (p: Progress) => void,
): Promise<{ runId: string; report: ReconcileReport }> {
  const window = reconciliationInput.parse(input);
  const [run] = await db
    .insert(reconciliationRuns)
    .values({ source: 'cli', windowFrom: window.from, windowTo: window.to, repair: window.repair, status: 'queued' })
    .returning();
  await audit({
    actor: { type: 'system', id: 'reconcile-cli' },
    action: 'reconciliation.started',
    target: { type: 'reconciliation', id: run!.id },
    data: { from: window.from.toISOString(), to: window.to.toISOString(), repair: window.repair },
  });
  const report = await executeReconciliationRun(run!.id, onProgress);
  if (!report) throw new Error('the run was taken by another process');
  return { runId: run!.id, report };
}

/** One run with its progress and report (the admin page polls it). Admins only. */
export async function getReconciliationRun(actor: User | null, runId: string): Promise<ReconciliationRunView> {
  assertAdmin(actor);
  if (!z.uuid().safeParse(runId).success) throw new AppError('not_found', 'Reconciliation run not found.');
  const [run] = await db.select().from(reconciliationRuns).where(eq(reconciliationRuns.id, runId));
  if (!run) throw new AppError('not_found', 'Reconciliation run not found.');
  return toView(run);
}

/** Recent runs, newest first. Admins only. */
export async function listReconciliationRuns(actor: User | null, options: { limit?: number } = {}): Promise<ReconciliationRunView[]> {
  assertAdmin(actor);
  const rows = await db
    .select()
    .from(reconciliationRuns)
    .orderBy(desc(reconciliationRuns.createdAt))
    .limit(Math.min(Math.max(options.limit ?? 10, 1), 50));
  return rows.map(toView);
}
