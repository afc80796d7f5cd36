import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PaymentStatusPanel } from '@/components/payments/payment-status-panel';
import { guardPage, userForPage } from '@/lib/auth/page-guards';
import { AppError } from '@/lib/errors';
import { getPayment } from '@/lib/payments/history';

export const metadata: Metadata = { title: 'Payment' };

export default async function PaymentPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ from?: string }> }) {
  const user = await userForPage();
  const { id } = await params;
  const { from } = await searchParams;
  const payment = await guardPage(() => getPayment(user, id, { fresh: from === 'checkout' })).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  });
  return <PaymentStatusPanel initial={payment} justConfirmed={from === 'checkout'} />;
}
