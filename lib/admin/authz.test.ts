import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { User } from '@/db/schema';
import { listOpenAlerts, resolveAlert } from '@/lib/alerts/list';
import {
  approveRefundRequest,
  listPendingRefundRequests,
  refundRequestsOf,
  rejectRefundRequest,
  requestRefund,
} from '@/lib/payments/refunds';
import { createTestUser } from '@/scripts/test/users';
import { auditChainStatus, listAuditEntries } from './audit-log';
import { getCustomer, listCustomers } from './customers';
import { getOverview } from './overview';
import { getAdminPayment } from './payment-detail';
import { listAdminPayments } from './payments';
import { getReconciliationRun, listReconciliationRuns, startReconciliation } from './reconciliation/run';
import { adminCancelSubscription, adminResumeSubscription } from './subscriptions';
import { listUsers } from './users';
import { backfillWebhookEvents } from './webhook-backfill';
import { getWebhookEvent, listWebhookEvents, retryWebhookEvent } from './webhooks';

const id = randomUUID();
// Every admin service function, called as `actor` with otherwise valid arguments.
const services: Record<string, (actor: User | null) => Promise<unknown>> = {
  listUsers: (a) => listUsers(a),
  getOverview: (a) => getOverview(a, '7d'),
  listAdminPayments: (a) => listAdminPayments(a, {}),
  getAdminPayment: (a) => getAdminPayment(a, id),
  requestRefund: (a) => requestRefund(a, { paymentId: id, amount: 100, reason: 'duplicate' }),
  approveRefundRequest: (a) => approveRefundRequest(a, id),
  rejectRefundRequest: (a) => rejectRefundRequest(a, id),
  listPendingRefundRequests: (a) => listPendingRefundRequests(a),
  refundRequestsOf: (a) => refundRequestsOf(a, id),
  listWebhookEvents: (a) => listWebhookEvents(a, {}),
  getWebhookEvent: (a) => getWebhookEvent(a, 'evt_123'),
  retryWebhookEvent: (a) => retryWebhookEvent(a, 'evt_123'),
  backfillWebhookEvents: (a) => backfillWebhookEvents(a, {}),
  listAuditEntries: (a) => listAuditEntries(a, {}),
  auditChainStatus: (a) => auditChainStatus(a),
  listCustomers: (a) => listCustomers(a, {}),
  getCustomer: (a) => getCustomer(a, id),
  adminCancelSubscription: (a) => adminCancelSubscription(a, 'sub_123'),
  adminResumeSubscription: (a) => adminResumeSubscription(a, 'sub_123'),
  listOpenAlerts: (a) => listOpenAlerts(a),
  resolveAlert: (a) => resolveAlert(a, id),
  startReconciliation: (a) => startReconciliation(a, {}),
  getReconciliationRun: (a) => getReconciliationRun(a, id),
  listReconciliationRuns: (a) => listReconciliationRuns(a),
};

describe('authorisation of every admin service, in the service layer', () => {
  it.each(Object.keys(services))('%s: a normal user gets 403, nobody gets 401', async (name) => {
    const user = await createTestUser();
    await expect(services[name]!(user)).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    await expect(services[name]!(null)).rejects.toMatchObject({ code: 'unauthenticated', status: 401 });
  });

  it('an admin passes the check (and reaches the service: here, "not found")', async () => {
    const admin = await createTestUser({ role: 'admin' });
    await expect(getAdminPayment(admin, id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(listAdminPayments(admin, {})).resolves.toMatchObject({ items: [] });
  });
});
