// What the test proxies in front of moto share: each reads a call whole, forwards it to a server on
// 127.0.0.1 and answers with a body of known length, on a free loopback port of its own.
import { request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export interface ProxyAnswer {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer | string;
}

/** The target's answer to `request`, read whole. */
export function forward(target: URL, request: IncomingMessage, body: Buffer): Promise<ProxyAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, host: target.host },
      },
      (response) => {
        readBody(response).then(
          (answer) =>
            resolve({ status: response.statusCode ?? 502, headers: response.headers, body: answer }),
          reject,
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

export function answer(response: ServerResponse, reply: ProxyAnswer): void {
  const headers = { ...reply.headers };
  // The body is sent whole, so its length is known; a chunked encoding from moto no longer applies.
  delete headers['transfer-encoding'];
  response.writeHead(reply.status, { ...headers, 'content-length': String(Buffer.byteLength(reply.body)) });
  response.end(reply.body);
}

/** The target URL, refused unless it is on 127.0.0.1: a test proxy never sends anything elsewhere. */
export function loopbackTarget(url: string, refuse: (message: string) => Error): URL {
  const target = new URL(url);
  if (target.hostname !== '127.0.0.1') {
    throw refuse(`the proxy only forwards to 127.0.0.1, not ${target.hostname}`);
  }
  return target;
}

/** Listens on a free 127.0.0.1 port: the endpoint, and how to stop (open connections closed too). */
export async function listenOnLoopback(
  server: Server,
): Promise<{ readonly endpoint: string; readonly stop: () => Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
