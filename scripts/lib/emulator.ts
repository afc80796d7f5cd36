// Starts the in-repo Stripe emulator for dev and test orchestration, unless one already answers.
export type EmulatorHandle = { url: string; stop?: () => Promise<void> };

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(new URL('/_emulator/config', url), { signal: AbortSignal.timeout(1_000) });
    return res.ok;
  } catch {
    return false;
  }
}

export async function ensureEmulator(
  url: string,
  options: { dataFile?: string; webhookUrl?: string; webhookSecret?: string } = {},
): Promise<EmulatorHandle> {
  if (await answers(url)) return { url };
  const { startEmulator } = await import('../../emulator/server');
  const parsed = new URL(url);
  const emulator = await startEmulator({ port: Number(parsed.port || 80), host: parsed.hostname, ...options });
  return { url: emulator.url, stop: emulator.stop };
}
