import type { Metadata } from 'next';
import { PaymentStatusPanel } from '@/components/payments/payment-status-panel';
import { guardRecordPage, userForPage } from '@/lib/auth/page-guards';
import { getPayment } from '@/lib/payments/history';

export const metadata: Metadata = { title: 'Payment' };

export default async function PaymentPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ from?: string }>;
}) {
  const user = await userForPage();
  const { id } = await params;
  const { from } = await searchParams;
  const payment = await guardRecordPage(() => getPayment(user, id, { fresh: from === 'checkout' }));
  return <PaymentStatusPanel initial={payment} justConfirmed={from === 'checkout'} />;
}
