// A tiny round-robin reverse proxy (node:http) in front of the app instances, as a load balancer
// would be: it appends the client address to X-Forwarded-For only when the client sent none (the
// load generator already plays the first proxy), skips an instance that refuses connections
// (nothing reached it, so even a POST may go to the next one), answers 502 when an instance dies
// mid-request, and can fail the webhook route on purpose (the "webhook endpoint down" drill).
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type Upstream = { url: string; up: boolean; served: number; inFlight: number };

export type Proxy = {
  url: string;
  upstreams: Upstream[];
  /** While true, POST /api/webhooks/stripe answers 503 without reaching the app. */
  webhooksDown: boolean;
  /** Requests answered 502 because their instance died mid-request; 503 when no instance was up. */
  cut: number;
  noUpstream: number;
  webhooksRefused: number;
  stop: () => Promise<void>;
};

function forward(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  target: Upstream,
  onRefused: () => void,
  onCut: () => void,
): void {
  const url = new URL(req.url ?? '/', target.url);
  target.inFlight++;
  const upstream = request(url, { method: req.method, headers: req.headers, agent: false }, (reply) => {
    res.writeHead(reply.statusCode ?? 502, reply.headers);
    reply.pipe(res);
    reply.on('end', () => target.inFlight--);
    reply.on('error', () => {
      target.inFlight--;
      res.destroy();
    });
  });
  upstream.on('error', (error: NodeJS.ErrnoException) => {
    target.inFlight--;
    if (error.code === 'ECONNREFUSED') return onRefused();
    onCut();
  });
  upstream.end(body);
}

export async function startProxy(port: number, targets: string[]): Promise<Proxy> {
  const upstreams: Upstream[] = targets.map((url) => ({ url, up: true, served: 0, inFlight: 0 }));
  let next = 0;
  const proxy: Proxy = {
    url: `http://localhost:${port}`,
    upstreams,
    webhooksDown: false,
    cut: 0,
    noUpstream: 0,
    webhooksRefused: 0,
    stop: async () => {},
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (proxy.webhooksDown && req.method === 'POST' && req.url?.startsWith('/api/webhooks/stripe')) {
        proxy.webhooksRefused++;
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"unavailable"}}');
        return;
      }
      if (!req.headers['x-forwarded-for']) req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? '127.0.0.1';
      const attempt = (tries: number) => {
        const candidates = upstreams.filter((u) => u.up);
        if (tries >= upstreams.length || candidates.length === 0) {
          proxy.noUpstream++;
          res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' }).end('{"error":{"code":"unavailable"}}');
          return;
        }
        const target = candidates[next++ % candidates.length]!;
        target.served++;
        forward(
          req,
          res,
          body,
          target,
          () => {
            // Nothing reached this instance: mark it down for a moment and try the next one.
            target.up = false;
            setTimeout(() => (target.up = true), 1_000).unref();
            attempt(tries + 1);
          },
          () => {
            proxy.cut++;
            if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":{"code":"bad_gateway"}}');
            else res.destroy();
          },
        );
      };
      attempt(0);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, resolve));
  proxy.stop = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return proxy;
}
