// No container engine runs here, so the Dockerfile and compose.yaml are checked statically: the
// compose file is parsed (a small parser for the YAML subset it uses), its services, health checks,
// dependencies and volumes are cross-checked, and its environment is run through lib/env.ts's own
// validation; the Dockerfile's instructions, stages, COPY sources and exec forms are linted.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';

type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

function scalar(raw: string): Yaml {
  const v = raw.trim();
  if (v === '') return null;
  if (v.startsWith('"') || v.startsWith('[')) return JSON.parse(v) as Yaml;
  if (/^-?\d+$/.test(v)) return Number(v);
  if (v === 'true' || v === 'false') return v === 'true';
  return v;
}

/** Parses the block-style YAML subset of compose.yaml: maps, lists, JSON-style flow values, comments, anchors and aliases. */
function parseYaml(text: string): Yaml {
  const lines = text
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').replace(/^\s*#.*$/, ''))
    .filter((line) => line.trim() !== '');
  const anchors = new Map<string, Yaml>();
  let i = 0;
  const indentOf = (line: string) => line.length - line.trimStart().length;
  const value = (raw: string, childIndent: number): Yaml => {
    const v = raw.trim();
    const anchor = /^&([\w-]+)$/.exec(v);
    if (anchor) {
      const block = parseBlock(childIndent);
      anchors.set(anchor[1]!, block);
      return block;
    }
    const alias = /^\*([\w-]+)$/.exec(v);
    if (alias) {
      if (!anchors.has(alias[1]!)) throw new Error(`unknown alias *${alias[1]}`);
      return anchors.get(alias[1]!)!;
    }
    if (v === '') return parseBlock(childIndent);
    return scalar(v);
  };
  function parseBlock(minIndent: number): Yaml {
    if (i >= lines.length || indentOf(lines[i]!) < minIndent) return null;
    const indent = indentOf(lines[i]!);
    if (lines[i]!.trimStart().startsWith('- ')) {
      const list: Yaml[] = [];
      while (i < lines.length && indentOf(lines[i]!) === indent && lines[i]!.trimStart().startsWith('- ')) {
        list.push(scalar(lines[i++]!.trimStart().slice(2)));
      }
      return list;
    }
    const map: { [key: string]: Yaml } = {};
    while (i < lines.length && indentOf(lines[i]!) === indent) {
      const line = lines[i++]!.trim();
      const colon = line.indexOf(':');
      const key = line.slice(0, colon);
      const rest = line.slice(colon + 1);
      if (colon < 1 || !/^[\w.-]+$/.test(key) || (rest !== '' && !rest.startsWith(' '))) throw new Error(`cannot parse line: ${line}`);
      if (key in map) throw new Error(`duplicate key ${key}`);
      map[key] = value(rest, indent + 1);
    }
    if (i < lines.length && indentOf(lines[i]!) > indent) throw new Error(`unexpected indentation: ${lines[i]}`);
    return map;
  }
  const doc = parseBlock(0);
  if (i !== lines.length) throw new Error(`trailing content: ${lines[i]}`);
  return doc;
}

const asMap = (y: Yaml | undefined): Record<string, Yaml> => (y && typeof y === 'object' && !Array.isArray(y) ? y : {});

describe('the YAML subset parser', () => {
  it('reads maps, lists, flow values, anchors and aliases, and refuses what it does not know', () => {
    expect(parseYaml('a: &x\n  b: 1\n  c: "two"\nd: *x\ne:\n  - one\n  - ["t", "u"]\n')).toEqual({
      a: { b: 1, c: 'two' },
      d: { b: 1, c: 'two' },
      e: ['one', ['t', 'u']],
    });
    expect(() => parseYaml('a: *missing\n')).toThrow(/unknown alias/);
    expect(() => parseYaml('a: 1\na: 2\n')).toThrow(/duplicate key/);
  });
});

describe('compose.yaml', () => {
  const compose = asMap(parseYaml(readFileSync('compose.yaml', 'utf8')));
  const services = asMap(compose.services);

  it('runs the app, workers, PostgreSQL and Redis, every dependency healthy-checked and every volume declared', () => {
    expect(Object.keys(services).sort()).toEqual(['app', 'postgres', 'redis', 'worker']);
    for (const [name, service] of Object.entries(services)) {
      const s = asMap(service);
      expect(s.image ?? s.build, `${name} has an image or a build`).toBeTruthy();
      for (const [dependency, condition] of Object.entries(asMap(s.depends_on))) {
        expect(Object.keys(services)).toContain(dependency);
        if (asMap(condition).condition === 'service_healthy')
          expect(asMap(services[dependency]).healthcheck, `${dependency} has a healthcheck`).toBeTruthy();
      }
      for (const volume of (s.volumes as string[] | undefined) ?? [])
        expect(Object.keys(asMap(compose.volumes))).toContain(volume.split(':')[0]);
    }
    expect(asMap(services.app).build).toBe('.');
    expect(asMap(services.worker).image).toBe(asMap(services.app).image);
  });

  it('starts the worker script, probes the liveness route, and both exist', () => {
    const command = asMap(services.worker).command as string[];
    expect(command.slice(0, 4)).toEqual(['node', '--import', 'tsx', '--conditions=react-server']);
    expect(existsSync(command[4]!)).toBe(true);
    expect(JSON.stringify(asMap(services.app).healthcheck)).toContain('/api/health/live');
    expect(existsSync('app/api/health/live/route.ts')).toBe(true);
  });

  it('gives app and worker an environment that lib/env.ts accepts for production, with external workers and Redis', () => {
    for (const name of ['app', 'worker']) {
      const raw = asMap(asMap(services[name]).environment) as Record<string, string>;
      // ${VAR:?message} must be supplied by the operator; ${VAR:-default} takes its default.
      const resolved = Object.fromEntries(
        Object.entries(raw).map(([k, v]) => [
          k,
          String(v).replace(/\$\{([^}]+)\}/g, (_m, inner: string) => {
            const [variable = '', fallback] = inner.split(':-');
            if (fallback !== undefined) return fallback;
            const samples: Record<string, string> = {
              AUTH_SECRET: 'x'.repeat(43),
              APP_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 3).toString('base64')}`,
              STRIPE_SECRET_KEY: 'sk_live_compose',
              NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_live_compose',
              STRIPE_WEBHOOK_SECRET: 'whsec_compose',
            };
            return samples[variable.split(':?')[0]!] ?? `missing-${variable}`;
          }),
        ]),
      );
      expect(Object.values(resolved).join(' ')).not.toMatch(/missing-/);
      const env = parseEnv(resolved, '/nonexistent');
      expect(env).toMatchObject({
        nodeEnv: 'production',
        worker: 'external',
        redisUrl: 'redis://redis:6379',
        stripe: { mode: 'stripe', live: true },
      });
      expect(new URL(env.databaseUrl!).hostname).toBe('postgres');
    }
  });
});

describe('Dockerfile', () => {
  const text = readFileSync('Dockerfile', 'utf8');
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const KNOWN = new Set(['FROM', 'ARG', 'ENV', 'WORKDIR', 'COPY', 'RUN', 'USER', 'EXPOSE', 'HEALTHCHECK', 'CMD', 'LABEL', 'ENTRYPOINT']);
  const ignored = readFileSync('.dockerignore', 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

  it('uses only known instructions, named stages defined before use, and exec-form JSON for CMD and HEALTHCHECK', () => {
    const stages: string[] = [];
    for (const line of instructions) {
      const [keyword = '', ...rest] = line.split(/\s+/);
      expect(KNOWN, line).toContain(keyword);
      if (keyword === 'FROM') {
        // FROM <image> [AS <name>]
        expect(rest.length === 1 || (rest.length === 3 && rest[1]!.toUpperCase() === 'AS'), line).toBe(true);
        const image = rest[0]!;
        if (!image.includes(':') && !image.includes('$')) expect(stages, `stage ${image}`).toContain(image);
        if (rest[2]) stages.push(rest[2]);
      }
      const from = /--from=(\S+)/.exec(line);
      if (keyword === 'COPY' && from) expect(stages).toContain(from[1]);
      if (keyword === 'CMD') expect(() => JSON.parse(rest.join(' '))).not.toThrow();
      if (keyword === 'HEALTHCHECK') expect(() => JSON.parse(line.slice(line.indexOf('CMD') + 3))).not.toThrow();
    }
    expect(new Set(stages).size).toBe(stages.length);
  });

  it('runs as a non-root user, exposes the port, and starts node itself on scripts/start.ts', () => {
    const final = instructions.slice(instructions.findLastIndex((l) => l.startsWith('FROM')));
    const user = final.find((l) => l.startsWith('USER'));
    expect(user && !/\b(root|0)\b/.test(user)).toBe(true);
    expect(final).toContain('EXPOSE 3000');
    const cmd = JSON.parse(final.find((l) => l.startsWith('CMD'))!.slice(4)) as string[];
    expect(cmd[0]).toBe('node');
    expect(existsSync(cmd[cmd.length - 1]!)).toBe(true);
  });

  it('copies sources that exist and are not excluded from the build context, and runtime packages are production dependencies', () => {
    for (const line of instructions.filter((l) => l.startsWith('COPY') && !l.includes('--from='))) {
      const parts = line.split(/\s+/).filter((p) => !p.startsWith('--'));
      for (const source of parts.slice(1, -1)) {
        if (source === '.') continue;
        expect(existsSync(source), `${source} exists`).toBe(true);
        expect(ignored, `${source} is in the build context`).not.toContain(source);
      }
    }
    for (const excluded of ['node_modules', '.next', '.data', '.env', '.git']) expect(ignored).toContain(excluded);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    for (const runtime of ['tsx', 'jiti', 'next', 'pg-boss', 'postgres']) expect(Object.keys(pkg.dependencies)).toContain(runtime);
  });
});
