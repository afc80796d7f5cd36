// Plain-Node HTTP helpers: bounded body reading, JSON replies, CORS.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './errors';
import { emptyForm, fromJson, isFormObject, parseForm, type FormObject } from './form';

const MAX_BODY = 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new ApiError(413, { type: 'invalid_request_error', message: 'Request body too large (limit 1 MB).' }, { validation: true }));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Parses a form or JSON body into the form shape the parameter schemas read. */
export function parseBody(text: string, contentType: string | undefined): FormObject {
  if (text.trim() === '') return emptyForm();
  if (contentType?.includes('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ApiError(400, { type: 'invalid_request_error', message: 'Invalid JSON in request body.' }, { validation: true });
    }
    const form = fromJson(parsed);
    if (!isFormObject(form))
      throw new ApiError(400, { type: 'invalid_request_error', message: 'The JSON body must be an object.' }, { validation: true });
    return form;
  }
  return parseForm(text);
}

export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  return {
    'Access-Control-Allow-Origin': origin ?? '*',
    'Access-Control-Expose-Headers': 'Request-Id, Stripe-Version, Idempotent-Replayed, Original-Request, Stripe-Should-Retry',
    ...(origin ? { Vary: 'Origin' } : {}),
  };
}

export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(204, {
    ...corsHeaders(req),
    'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
    'Access-Control-Allow-Headers':
      req.headers['access-control-request-headers'] ?? 'Authorization, Content-Type, Stripe-Version, Idempotency-Key',
    'Access-Control-Max-Age': '600',
  });
  res.end();
}

export function sendJson(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string>): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-cache, no-store',
    ...headers,
  });
  res.end(body);
}
