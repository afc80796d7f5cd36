// A minimal pipelining HTTP/1.1 client for the fuzz test: it writes a batch of requests on one
// keep-alive socket and reads the statuses back, far cheaper per request than a full client.
import net from 'node:net';

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

function serialize(host: string, r: RawRequest): string {
  const body = Buffer.from(r.body);
  let head = `${r.method} ${r.path} HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\nContent-Length: ${body.length}\r\n`;
  for (const [k, v] of Object.entries(r.headers)) head += `${k}: ${v}\r\n`;
  return `${head}\r\n${r.body}`;
}

/** Sends `requests` in order on one connection and resolves with their status codes (null if the connection died first). */
export function pipeline(url: string, requests: RawRequest[]): Promise<(number | null)[]> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const statuses: (number | null)[] = [];
    let buffer = Buffer.alloc(0);
    const socket = net.connect(Number(u.port), u.hostname);
    const finish = () => {
      while (statuses.length < requests.length) statuses.push(null);
      socket.destroy();
      resolve(statuses);
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = buffer.subarray(0, end).toString('latin1');
        const status = Number(head.slice(9, 12));
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        buffer = buffer.subarray(end + 4 + length);
        statuses.push(status);
        if (statuses.length === requests.length) return finish();
      }
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.write(requests.map((r) => serialize(u.host, r)).join(''));
  });
}
