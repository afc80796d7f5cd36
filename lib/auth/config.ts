import 'server-only';
import { DrizzleAdapter } from '@auth/drizzle-adapter';
import NextAuth, { type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import GitHub from 'next-auth/providers/github';
import { db } from '@/db';
import { accounts, sessions, users, verificationTokens } from '@/db/schema';
import { env } from '@/lib/env';
import { limitSignIn } from '@/lib/security/sign-in-limit';
import { authenticate } from './accounts';

function config(): NextAuthConfig {
  const e = env();
  const providers: NextAuthConfig['providers'] = [
    Credentials({
      credentials: { email: { type: 'email' }, password: { type: 'password' } },
      // Rate-limited here, not in the form's action, so POST /api/auth/callback/credentials is limited too.
      authorize: (credentials, request) =>
        limitSignIn(credentials, request, async () => {
          const user = await authenticate(credentials);
          return user ? { id: user.id, email: user.email, name: user.name } : null;
        }),
    }),
  ];
  if (e.auth.github) providers.push(GitHub({ clientId: e.auth.github.id, clientSecret: e.auth.github.secret }));
  return {
    adapter: DrizzleAdapter(db, {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    }),
    // Credentials sign-in requires JWT sessions; the role is still read from the database per request.
    session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
    secret: e.auth.secret,
    trustHost: true,
    // Secure (and __Secure-/__Host- prefixed) in production whatever AUTH_URL says; browsers accept them on http://localhost too.
    useSecureCookies: e.nodeEnv === 'production',
    pages: { signIn: '/sign-in' },
    providers,
    callbacks: {
      jwt: ({ token, user }) => {
        if (user?.id) token.sub = user.id;
        return token;
      },
      session: ({ session, token }) => {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}

// Lazy config: nothing reads the environment or the database until a request needs auth.
export const { handlers, auth, signIn, signOut } = NextAuth(() => config());
