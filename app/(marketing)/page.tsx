import Link from 'next/link';

export default function LandingPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-4xl font-bold tracking-tight">Take payments you can trust.</h1>
      <p className="max-w-2xl text-lg text-ink-muted">
        Paydeck runs one-time card payments and subscriptions on Stripe, keeps your records in step through verified webhooks, and gives
        your team a dashboard for refunds — with nothing lost and nothing charged twice.
      </p>
      <div className="flex gap-4">
        <Link href="/sign-up" className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white no-underline hover:bg-brand-700">
          Create an account
        </Link>
        <Link href="/sign-in" className="rounded-md border border-gray-300 bg-white px-4 py-2 font-medium text-ink no-underline">
          Sign in
        </Link>
      </div>
    </div>
  );
}
