// Builds the browser scripts once, on first request, so emulator startup stays fast.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const SCRIPT_NAMES = ['stripe', 'card-frame', 'challenge'] as const;
export type ScriptName = (typeof SCRIPT_NAMES)[number];

const ENTRY_POINTS: Record<ScriptName, string> = {
  stripe: 'stripe/stripe-global.ts',
  'card-frame': 'card-frame/card-frame.ts',
  challenge: 'challenge/challenge-page.ts',
};

export type StyleName = 'card-frame' | 'challenge';

const STYLES: Record<StyleName, string> = {
  'card-frame': 'card-frame/card-frame.css',
  challenge: 'challenge/challenge.css',
};

function here(relative: string): string {
  return fileURLToPath(new URL(relative, import.meta.url));
}

async function buildScripts(): Promise<Map<ScriptName, string>> {
  // Loaded on demand: emulator processes that never serve a browser skip esbuild entirely.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: SCRIPT_NAMES.map((name) => ({ in: here(ENTRY_POINTS[name]), out: name })),
    outdir: here('./.bundle'),
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const scripts = new Map<ScriptName, string>();
  for (const file of result.outputFiles) {
    const name = SCRIPT_NAMES.find((n) => file.path.endsWith(`/${n}.js`));
    if (name) scripts.set(name, file.text);
  }
  return scripts;
}

let scripts: Promise<Map<ScriptName, string>> | null = null;

/** The bundled script; a failed build is retried on the next request rather than cached. */
export async function script(name: ScriptName): Promise<string> {
  scripts ??= buildScripts().catch((error: unknown) => {
    scripts = null;
    throw error;
  });
  const built = (await scripts).get(name);
  if (built === undefined) throw new Error(`esbuild produced no ${name}.js`);
  return built;
}

const styles = new Map<StyleName, Promise<string>>();

export function style(name: StyleName): Promise<string> {
  let text = styles.get(name);
  if (!text) {
    text = readFile(here(STYLES[name]), 'utf8');
    styles.set(name, text);
  }
  return text;
}
