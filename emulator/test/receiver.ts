// A local webhook receiver for tests: records every delivery and answers as the test says.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  body: string;
  signature: string;
  at: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Decides the status for each request (default 200); may delay to simulate a slow endpoint. */
  respond: (r: Received, index: number) => number | Promise<number>;
  eventIds(): string[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    received: [],
    respond: () => 200,
    eventIds: () => receiver.received.map((r) => (JSON.parse(r.body) as { id: string }).id),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        body: Buffer.concat(chunks).toString('utf8'),
        signature: String(req.headers['stripe-signature'] ?? ''),
        at: Date.now(),
      };
      const index = receiver.received.push(r) - 1;
      void Promise.resolve(receiver.respond(r, index)).then((status) => {
        res.writeHead(status);
        res.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  return receiver;
}
