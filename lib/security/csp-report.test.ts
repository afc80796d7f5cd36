import { describe, expect, it } from 'vitest';
import { parseCspReports } from './csp-report';
import { readText } from '@/lib/http/body';

const legacy = {
  'csp-report': {
    'document-uri': 'https://pay.example.com/pay/return?payment_intent_client_secret=pi_123_secret_abc#x',
    referrer: '',
    'violated-directive': 'script-src-elem',
    'effective-directive': 'script-src-elem',
    'original-policy': "default-src 'self'",
    'blocked-uri': 'inline',
    'line-number': 12,
    'column-number': 3,
    'source-file': 'https://pay.example.com/pay?token=t',
    'script-sample': 'alert(1)',
    disposition: 'enforce',
  },
};

describe('parseCspReports', () => {
  it('reads report-uri bodies and drops query strings that may carry secrets', () => {
    expect(parseCspReports('application/csp-report', JSON.stringify(legacy))).toEqual([
      {
        documentUrl: 'https://pay.example.com/pay/return',
        blockedUrl: 'inline',
        directive: 'script-src-elem',
        sourceFile: 'https://pay.example.com/pay',
        line: 12,
        column: 3,
        sample: 'alert(1)',
        disposition: 'enforce',
      },
    ]);
  });

  it('reads Reporting API batches and keeps only CSP violations', () => {
    const batch = [
      {
        type: 'csp-violation',
        body: {
          documentURL: 'https://pay.example.com/billing',
          blockedURL: 'https://evil.example/x.js?k=1',
          effectiveDirective: 'script-src-elem',
          disposition: 'enforce',
          lineNumber: 1,
        },
      },
      { type: 'deprecation', body: { id: 'x' } },
    ];
    expect(parseCspReports('application/reports+json', JSON.stringify(batch))).toEqual([
      {
        documentUrl: 'https://pay.example.com/billing',
        blockedUrl: 'https://evil.example/x.js',
        directive: 'script-src-elem',
        sourceFile: null,
        line: 1,
        column: null,
        sample: null,
        disposition: 'enforce',
      },
    ]);
  });

  it('trims oversized fields and caps a batch at 20 reports', () => {
    const long = { type: 'csp-violation', body: { sample: 'x'.repeat(5000), effectiveDirective: 'y'.repeat(5000) } };
    const reports = parseCspReports('application/reports+json', JSON.stringify(Array.from({ length: 50 }, () => long)));
    expect(reports).toHaveLength(20);
    expect(reports[0]!.sample).toHaveLength(300);
  });

  it('refuses other content types, invalid JSON and non-reports', () => {
    expect(() => parseCspReports('text/plain', '{}')).toThrow(expect.objectContaining({ code: 'unsupported_media_type' }));
    expect(() => parseCspReports(null, '{}')).toThrow(expect.objectContaining({ code: 'unsupported_media_type' }));
    expect(() => parseCspReports('application/csp-report', '{nope')).toThrow(expect.objectContaining({ code: 'bad_request' }));
    expect(() => parseCspReports('application/csp-report', '{"a":1}')).toThrow(expect.objectContaining({ code: 'bad_request' }));
  });
});

describe('readText (body size limit)', () => {
  it('reads a body within the limit', async () => {
    expect(await readText(new Request('http://x/', { method: 'POST', body: 'hello' }), 10)).toBe('hello');
  });

  it('refuses a body over the limit, declared or streamed', async () => {
    await expect(readText(new Request('http://x/', { method: 'POST', body: 'x'.repeat(11) }), 10)).rejects.toMatchObject({
      code: 'payload_too_large',
    });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(4));
        controller.close();
      },
    });
    const chunked = new Request('http://x/', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    await expect(readText(chunked, 10)).rejects.toMatchObject({ code: 'payload_too_large' });
  });
});
