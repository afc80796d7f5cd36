import 'server-only';
import { randomUUID } from 'node:crypto';
import { toResponse } from '@/lib/errors';
import { withLogContext } from '@/lib/log/context';

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/** Wraps a route handler: request id on every log line, and every error mapped by toResponse(). */
export function route<C>(handler: Handler<C>): Handler<C> {
  return (request, context) => {
    const requestId = request.headers.get('x-request-id') ?? randomUUID();
    return withLogContext({ requestId }, async () => {
      try {
        return await handler(request, context);
      } catch (error) {
        return toResponse(error);
      }
    });
  };
}
