import Link from 'next/link';
/** Top navigation; what it offers depends on who is signed in. */
export function SiteHeader({
  user,
  signOutAction,
}: {
  user: { email: string; role: 'user' | 'admin' } | null;
  signOutAction: () => Promise<void>;
}) {
  return (
    <header className="border-b border-gray-200 bg-white">
      <nav
        aria-label="Main"
        className="mx-auto flex max-w-5xl items-center gap-6 px-4 py-3 text-sm [&_a]:no-underline [&_a:hover]:underline"
      >
        <Link href="/" className="text-base font-semibold text-ink no-underline">
          Paydeck
        </Link>
        <Link href="/pricing">Pricing</Link>
        {user ? (
          <>
            <Link href="/pay">Buy credits</Link>
            <Link href="/payments">Payments</Link>
            <Link href="/billing">Billing</Link>
            <Link href="/account">Account</Link>
            {user.role === 'admin' ? <Link href="/admin">Admin</Link> : null}
            <span className="ml-auto text-ink-muted">{user.email}</span>
            <form action={signOutAction}>
              <button type="submit" className="text-brand-700 hover:underline">
                Sign out
              </button>
            </form>
          </>
        ) : (
          <span className="ml-auto flex gap-4">
            <Link href="/sign-in">Sign in</Link>
            <Link href="/sign-up">Create account</Link>
          </span>
        )}
      </nav>
    </header>
  );
}
