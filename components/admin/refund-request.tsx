import { ActionButton } from './action-button';
import { words } from './format';

/** A refund request's reason, with the requester's internal note under it. */
export function ReasonAndNote({ reason, note }: { reason: string; note: string | null }) {
  return (
    <>
      {words(reason)}
      {note ? <span className="block text-xs text-ink-muted">{note}</span> : null}
    </>
  );
}

/** What an admin may do with a request waiting for approval: approve or reject another's, withdraw their own. */
export function RefundRequestActions({ requestId, own, ownNote }: { requestId: string; own: boolean; ownNote?: string }) {
  const base = `/api/admin/refund-requests/${requestId}`;
  if (own) {
    const withdraw = <ActionButton url={`${base}/reject`} label="Withdraw" />;
    return ownNote ? (
      <span className="text-xs text-ink-muted">
        {ownNote} · {withdraw}
      </span>
    ) : (
      withdraw
    );
  }
  return (
    <span className="flex flex-wrap gap-2">
      <ActionButton url={`${base}/approve`} label="Approve" variant="primary" />
      <ActionButton url={`${base}/reject`} label="Reject" />
    </span>
  );
}
