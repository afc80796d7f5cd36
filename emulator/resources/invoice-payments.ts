// Invoice payments: the link between an invoice and the PaymentIntent that pays it.
import type { Route } from '../wire/router';
import { obj, oneOf, pagination, parseParams, range, str, accepted } from '../wire/schema';
import { paginate } from '../wire/list';
import { getOr404 } from './common';

export const invoicePaymentRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/invoice_payments/:id',
    handler: ({ emu, path, params }) => (
      parseParams({}, params),
      getOr404(emu.state.invoicePayments, path.id as string, 'invoice_payment')
    ),
  },
  {
    method: 'GET',
    path: '/v1/invoice_payments',
    handler: ({ emu, params }) => {
      const p = parseParams(
        {
          ...pagination,
          created: range(),
          invoice: str(),
          status: oneOf('canceled', 'open', 'paid'),
          payment: obj({ type: str(), payment_intent: str(), payment_record: accepted() }),
        },
        params,
      );
      return paginate(
        emu.state.invoicePayments.values(),
        p,
        '/v1/invoice_payments',
        (x) =>
          (p.invoice === undefined || x.invoice === p.invoice) &&
          (p.status === undefined || x.status === p.status) &&
          (p.payment?.type === undefined || x.payment.type === p.payment.type) &&
          (p.payment?.payment_intent === undefined || x.payment.payment_intent === p.payment.payment_intent),
      );
    },
  },
];
