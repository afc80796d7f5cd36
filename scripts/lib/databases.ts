// Creating and dropping whole databases on a server, for dev start-up and isolated test runs.
import postgres from 'postgres';

/** The URL of database `name` on the same server as `url`. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  return `"${name}"`;
};

/** Creates database `name` (optionally from a template) unless it exists. */
export async function ensureDatabase(
  serverUrl: string,
  name: string,
  options: { template?: string; recreate?: boolean } = {},
): Promise<void> {
  const sql = postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    if (options.recreate) await sql.unsafe(`drop database if exists ${ident(name)} with (force)`);
    const [exists] = await sql`select 1 from pg_database where datname = ${name}`;
    if (!exists) await sql.unsafe(`create database ${ident(name)}${options.template ? ` template ${ident(options.template)}` : ''}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Drops database `name`, disconnecting anyone still on it. */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const sql = postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop database if exists ${ident(name)} with (force)`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
