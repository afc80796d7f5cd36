// `npm run emulator` starts in under 2 s; state survives a restart through the data file.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from './server';
import { emulatorClient } from './test/target';

/** User + system CPU time a process has used so far (Linux /proc; clock ticks are 1/100 s). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const dir = mkdtempSync(join(tmpdir(), 'stripe-emulator-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startup', () => {
  // CPU time, not wall time: a busy machine stretches the clock, not the work a start-up does.
  it('the CLI is ready after under 2 seconds of its own CPU time', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/emulator.ts'], {
      env: { ...process.env, STRIPE_EMULATOR_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
      });
      const res = await fetch(`${url}/_emulator/health`);
      expect(res.status).toBe(200);
      expect(processCpuMs(child.pid!)).toBeLessThan(2_000);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('startEmulator() itself is ready in well under a second of CPU time', async () => {
    const before = process.cpuUsage();
    const emu = await startEmulator({ port: 0 });
    const used = process.cpuUsage(before);
    await emu.stop();
    expect((used.user + used.system) / 1000).toBeLessThan(500);
  });
});

describe('persistence', () => {
  it('keeps objects across a restart, writing the file atomically', async () => {
    const file = join(dir, 'state.json');
    const first = await startEmulator({ port: 0, dataFile: file });
    const stripe = emulatorClient(first.url);
    const customer = await stripe.customers.create({ email: 'kept@example.com' });
    const price = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 1234,
      product_data: { name: 'Kept' },
      recurring: { interval: 'month' },
    });
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await first.stop();
    expect(readdirSync(dir)).toEqual(['state.json']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('format', 1);

    const second = await startEmulator({ port: 0, dataFile: file });
    const again = emulatorClient(second.url);
    expect((await again.customers.retrieve(customer.id)).id).toBe(customer.id);
    const reloaded = await again.subscriptions.retrieve(sub.id);
    expect(reloaded.status).toBe('active');
    expect(String(reloaded.items.data[0]?.price.unit_amount_decimal)).toBe('1234');
    const pi = await again.paymentIntents.create({
      amount: 500,
      currency: 'usd',
      customer: customer.id,
      payment_method: pm.id,
      allowed_payment_method_types: ['card'],
      confirm: true,
    });
    expect(pi.status).toBe('succeeded');
    await second.stop();
  });

  it('starts empty, and says so, when the data file is unreadable', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ not json');
    const lines: string[] = [];
    const emu = await startEmulator({ port: 0, dataFile: file, log: (l) => lines.push(l) });
    const list = await emulatorClient(emu.url).customers.list();
    expect(list.data).toEqual([]);
    expect(lines.join('\n')).toMatch(/ignoring unreadable data file/);
    await emu.stop();
  });
});
