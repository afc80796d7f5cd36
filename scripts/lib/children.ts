// Child processes of the orchestration scripts, stopped in order on Ctrl-C or SIGTERM.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** Spawns `command`, inheriting the terminal, and resolves with its exit code. */
export function run(command: string, args: string[], options: SpawnOptions = {}): { child: ChildProcess; exited: Promise<number> } {
  const child = spawn(command, args, { stdio: 'inherit', ...options });
  const exited = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  return { child, exited };
}

/** Calls `cleanup` once on SIGINT/SIGTERM, then exits with `code`. */
export function onShutdown(cleanup: () => Promise<void>): void {
  let done = false;
  const handler = () => {
    if (done) return;
    done = true;
    cleanup()
      .catch((err: unknown) => console.error('shutdown failed:', err))
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
