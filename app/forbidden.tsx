import Link from 'next/link';

export default function Forbidden() {
  return (
    <div className="mx-auto max-w-md space-y-4 text-center">
      <h1 className="text-2xl font-bold">Not allowed</h1>
      <p className="text-ink-muted">Your account does not have access to this page.</p>
      <Link href="/">Back to the home page</Link>
    </div>
  );
}
