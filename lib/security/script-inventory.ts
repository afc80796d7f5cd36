// The payment-page script inventory (PCI DSS 4.0 6.4.3 / 11.6.1) lives in docs/SECURITY.md as a
// table; this reads it, so the browser test that records what payment pages really load checks
// against the document people review, not a copy of it.

export type InventoryType = 'script' | 'inline' | 'frame';
export type InventoryMode = 'all' | 'emulator' | 'stripe';
export type InventoryEntry = { type: InventoryType; source: string; mode: InventoryMode; pages: string; why: string };

const HEADING = /^#{2,4}\s+Payment-page script inventory\b/;

/** The rows of the first table under the "Payment-page script inventory" heading. */
export function parseInventory(markdown: string): InventoryEntry[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => HEADING.test(l));
  if (start === -1) throw new Error('docs/SECURITY.md has no "Payment-page script inventory" heading');
  const entries: InventoryEntry[] = [];
  let inTable = false;
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,4}\s/.test(line)) break;
    if (!line.trim().startsWith('|')) {
      if (inTable) break;
      continue;
    }
    inTable = true;
    const cells = line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim().replace(/`/g, ''));
    const [type, source, mode, pages, why] = cells;
    if (!type || type === 'Type' || /^-+$/.test(type)) continue;
    if (!['script', 'inline', 'frame'].includes(type)) throw new Error(`inventory: unknown type "${type}"`);
    if (!['all', 'emulator', 'stripe'].includes(mode ?? '')) throw new Error(`inventory: unknown mode "${mode}" for ${source}`);
    if (!why) throw new Error(`inventory: ${source} has no justification`);
    entries.push({ type: type as InventoryType, source: source ?? '', mode: mode as InventoryMode, pages: pages ?? '', why });
  }
  if (entries.length === 0) throw new Error('the script inventory table is empty');
  return entries;
}

/** `*` matches any run of characters; everything else literally. */
export function globMatch(pattern: string, value: string): boolean {
  const parts = pattern.split('*');
  if (!value.startsWith(parts[0]!)) return false;
  let at = parts[0]!.length;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    if (i === parts.length - 1) return value.length - part.length >= at && value.endsWith(part);
    const found = value.indexOf(part, at);
    if (found === -1) return false;
    at = found + part.length;
  }
  return at === value.length;
}

/** The entry that allows `url` (query and fragment ignored) for this type and Stripe mode, if any. */
export function allowedBy(
  entries: InventoryEntry[],
  type: InventoryType,
  url: string,
  context: { mode: 'emulator' | 'stripe'; app: string; emulator: string },
): InventoryEntry | undefined {
  const bare = url.split('#')[0]!.split('?')[0]!;
  return entries.find(
    (e) =>
      e.type === type &&
      (e.mode === 'all' || e.mode === context.mode) &&
      globMatch(e.source.replace('{app}', context.app).replace('{emulator}', context.emulator), bare),
  );
}
