import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REQUIRED_NODE_MAJOR, unsupportedNode } from './lib/node-version';

const majorOf = (version: string) => Number(version.replace(/^v/, '').split('.')[0]);

describe('the Node.js runtime', () => {
  it('refuses Node 20 with a one-line reason and accepts the required line and newer', () => {
    expect(unsupportedNode('v20.20.2')).toMatch(/needs Node\.js 24 LTS, but this is v20\.20\.2/);
    expect(unsupportedNode('v22.12.0')).not.toBeNull();
    expect(unsupportedNode('v24.21.0')).toBeNull();
    expect(unsupportedNode('v26.1.0')).toBeNull();
  });

  it('runs these tests on Node 24, whatever the machine has first on its PATH outside npm', () => {
    expect(majorOf(process.version)).toBe(REQUIRED_NODE_MAJOR);
  });

  it('gives every tool that starts its own node (tsx, next, Playwright) Node 24 through the PATH', () => {
    // The shebang of tsx, next and playwright is `/usr/bin/env node`: what `node` resolves to is what they run on.
    const viaPath = execFileSync('node', ['-p', 'process.version'], { encoding: 'utf8' }).trim();
    const viaTsx = execFileSync('node_modules/.bin/tsx', ['-e', 'console.log(process.version)'], { encoding: 'utf8' }).trim();
    expect(majorOf(viaPath)).toBe(REQUIRED_NODE_MAJOR);
    expect(majorOf(viaTsx)).toBe(REQUIRED_NODE_MAJOR);
  });
});
