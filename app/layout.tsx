import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { signOutAction } from '@/app/(auth)/actions';
import { DemoRibbon } from '@/components/demo-ribbon';
import { Providers } from '@/components/providers';
import { SiteHeader } from '@/components/site-header';
import { currentUser } from '@/lib/auth/session';
import { env } from '@/lib/env';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Paydeck', template: '%s · Paydeck' },
  description: 'Payments and subscriptions on Stripe.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body className="min-h-screen">
        {env().stripe.mode === 'emulator' ? <DemoRibbon /> : null}
        <SiteHeader user={user} signOutAction={signOutAction} />
        <main id="main" className="mx-auto max-w-5xl px-4 py-10">
          <Providers>{children}</Providers>
        </main>
      </body>
    </html>
  );
}
