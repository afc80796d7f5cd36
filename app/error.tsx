'use client';

import { Button } from '@/components/ui/button';

// Shows no error details: the digest lets support find the logged server-side error.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-md space-y-4 text-center">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p className="text-ink-muted">
        Please try again. If it keeps happening, contact support{error.digest ? ` with reference ${error.digest}` : ''}.
      </p>
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}
