// Saves state to a JSON file atomically (write a temp file, then rename) and loads it back.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { reviveDecimals } from './json';
import { createState, type State } from './state';

const FORMAT = 1;

type Collection = Map<string, unknown> | Set<string>;

function collections(state: State): [string, Collection][] {
  return Object.entries(state) as [string, Collection][];
}

export function serialize(state: State): string {
  const out: Record<string, unknown[]> = {};
  for (const [key, c] of collections(state)) out[key] = c instanceof Map ? [...c.entries()] : [...c];
  return JSON.stringify({ format: FORMAT, state: out });
}

/** Reads a saved file into a fresh state; a missing file gives an empty state. */
export function load(file: string): State {
  const state = createState();
  if (!existsSync(file)) return state;
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || !('format' in parsed) || parsed.format !== FORMAT || !('state' in parsed)) {
    throw new Error(`${file} is not an emulator data file (format ${FORMAT})`);
  }
  const saved = parsed.state as Record<string, unknown>;
  for (const [key, c] of collections(state)) {
    const rows = saved[key];
    if (!Array.isArray(rows)) continue;
    for (const row of rows) {
      if (c instanceof Map) {
        if (Array.isArray(row) && typeof row[0] === 'string') c.set(row[0], reviveDecimals(row[1]));
      } else if (typeof row === 'string') c.add(row);
    }
  }
  return state;
}

/** Coalesces saves: at most one write in flight, and one more queued behind it. */
export class Saver {
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly file: string,
    private readonly state: () => State,
    private readonly log: (line: string) => void,
    private readonly delayMs = 250,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.write();
    }, this.delayMs);
    this.timer.unref();
  }

  private async write(): Promise<void> {
    if (this.writing) {
      this.again = true;
      return this.writing;
    }
    this.writing = (async () => {
      const tmp = `${this.file}.${process.pid}.tmp`;
      try {
        await mkdir(dirname(this.file), { recursive: true });
        await writeFile(tmp, serialize(this.state()));
        await rename(tmp, this.file);
      } catch (err) {
        this.log(`emulator: could not save ${this.file}: ${(err as Error).message}`);
      }
    })();
    await this.writing;
    this.writing = null;
    if (this.again) {
      this.again = false;
      await this.write();
    }
  }

  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    await this.write();
  }
}
