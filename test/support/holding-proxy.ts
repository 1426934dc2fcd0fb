// An HTTP proxy in front of the emulator that can hold requests: neither forwarded nor answered until the test says.
// An interruption test uses it to kill the Pulumi CLI at an exact point: while chosen creates are in flight, some of
// them made on the platform (forwarded, their answers kept from the client), the others never sent.
import * as http from 'http';
import type { AddressInfo } from 'net';
import { API_BASE_PATH } from '../../api/schemas';

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
}

export interface HeldRequest extends ProxiedRequest {
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  readonly response: http.ServerResponse;
}

export interface HoldingProxy {
  /** The API base URL to configure (`versori:baseUrl`). */
  readonly baseUrl: string;
  /** Requests matching `rule` are held from now on; null forwards everything. */
  holdWhen(rule: ((request: ProxiedRequest) => boolean) | null): void;
  held(): readonly HeldRequest[];
  /** Sends a held request to the emulator and resolves with the emulator's status; the client never gets the answer. */
  forwardUnanswered(request: HeldRequest): Promise<number>;
  /** Closes the connections of every held request (those not forwarded never reach the platform). */
  dropHeld(): void;
  close(): Promise<void>;
}

function forward(target: URL, request: ProxiedRequest & { headers: http.IncomingHttpHeaders; body: Buffer }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      { host: target.hostname, port: target.port, method: request.method, path: request.path, headers: { ...request.headers, host: target.host } },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) }));
        answer.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** A proxy on 127.0.0.1 to the emulator at `origin`. */
export async function startHoldingProxy(origin: string): Promise<HoldingProxy> {
  const target = new URL(origin);
  let rule: ((request: ProxiedRequest) => boolean) | null = null;
  const held: HeldRequest[] = [];
  const server = http.createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const proxied = { method: request.method ?? 'GET', path: request.url ?? '/', headers: request.headers, body };
      if (rule?.(proxied) === true) {
        held.push({ ...proxied, response });
        return;
      }
      const answer = await forward(target, proxied);
      response.writeHead(answer.status, answer.headers).end(answer.body);
    })().catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${API_BASE_PATH}`,
    holdWhen: (next) => (rule = next),
    held: () => [...held],
    forwardUnanswered: async (request) => (await forward(target, request)).status,
    dropHeld: () => {
      for (const request of held.splice(0)) request.response.destroy();
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
