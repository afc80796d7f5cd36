import 'server-only';
import type { AuditActor } from '@/lib/audit';

export type ReconciledObject = 'payment' | 'refund' | 'subscription';

/**
 * missing: in Stripe, not here · mismatched: both, fields differ · duplicate: two local rows for one
 * Stripe object · stuck: ours, never reached Stripe · unknown_to_stripe: here, not in Stripe (report only).
 */
export type FindingKind = 'missing' | 'mismatched' | 'duplicate' | 'stuck' | 'unknown_to_stripe';

export type Finding = {
  object: ReconciledObject;
  kind: FindingKind;
  id: string | null;
  stripeId: string | null;
  detail: string;
  repaired: boolean;
  error?: string;
};

export type ReconcileReport = {
  window: { from: string; to: string };
  repair: boolean;
  checked: Record<ReconciledObject, number>;
  counts: Record<FindingKind, number>;
  repaired: number;
  findings: Finding[];
  /** More findings than the report keeps (the counts stay exact). */
  truncated: boolean;
};

export type Progress = { phase: string; step: number; steps: number; done: number; total: number | null };

export type ReconcileOptions = { from: Date; to: Date; repair: boolean; actor: AuditActor; onProgress?: (p: Progress) => void };

/** Collects findings for one run, counting every one and keeping the first few hundred. */
export class Findings {
  private static readonly KEEP = 500;
  readonly list: Finding[] = [];
  readonly counts: Record<FindingKind, number> = { missing: 0, mismatched: 0, duplicate: 0, stuck: 0, unknown_to_stripe: 0 };
  repaired = 0;
  truncated = false;

  add(finding: Finding): void {
    this.counts[finding.kind]++;
    if (finding.repaired) this.repaired++;
    if (this.list.length < Findings.KEEP) this.list.push(finding);
    else this.truncated = true;
  }
}

/** Runs `repair` when repairing, recording whether it worked; a failed repair never stops the run. */
export async function record(
  findings: Findings,
  options: ReconcileOptions,
  finding: Omit<Finding, 'repaired' | 'error'>,
  repair?: () => Promise<unknown>,
): Promise<void> {
  if (!options.repair || !repair) return findings.add({ ...finding, repaired: false });
  try {
    await repair();
    findings.add({ ...finding, repaired: true });
  } catch (error) {
    findings.add({ ...finding, repaired: false, error: error instanceof Error ? error.message.slice(0, 300) : String(error) });
  }
}
