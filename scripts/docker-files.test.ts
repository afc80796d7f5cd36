// No container engine runs here, so the Dockerfile and compose.yaml are checked statically: the
// compose file is parsed (with the `yaml` package), its services, health checks,
// dependencies and volumes are cross-checked, and its environment is run through lib/env.ts's own
// validation; the Dockerfile's instructions, stages, COPY sources and exec forms are linted.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseEnv } from '@/lib/env';
import { REQUIRED_NODE_MAJOR } from './lib/node-version';

type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

// A duplicate key or an unknown alias is an error, as docker compose treats them.
const parseYaml = (text: string) => parse(text, { uniqueKeys: true }) as Yaml;
const asMap = (y: Yaml | undefined): Record<string, Yaml> => (y && typeof y === 'object' && !Array.isArray(y) ? y : {});

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

  it('builds on the Node.js line the project runs on', () => {
    const version = /^ARG NODE_VERSION=(\d+)\./.exec(instructions.find((l) => l.startsWith('ARG NODE_VERSION=')) ?? '');
    expect(Number(version?.[1])).toBe(REQUIRED_NODE_MAJOR);
    expect(instructions.find((l) => l.startsWith('FROM'))).toBe('FROM node:${NODE_VERSION}-bookworm-slim AS base');
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
