// The benchmark's emulator runs in its own process, as a remote API would: the engine, the provider and the floor
// never share an event loop with it. One process serves the whole run; the admin routes set its latency and empty
// its store between scenarios, and its request log is read by line offset.
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { API_ROUTES } from '../emulator/routes';
import { REPO_ROOT } from '../scripts/engine';
import type { PlatformTarget } from '../scripts/platform';
import { readRequestLog, type RequestLogEntry } from '../emulator/request-log';

export type LoggedRequest = RequestLogEntry;

export interface EmulatorProcess {
  target: PlatformTarget;
  /** Sets the latency of every API request (and turns every other fault off). */
  setLatency(latencyMs: number): Promise<void>;
  /** Empties the store. */
  reset(): Promise<void>;
  /** The number of API requests logged so far. */
  mark(): number;
  /** The API requests logged since a mark. */
  requestsSince(mark: number): LoggedRequest[];
  close(): Promise<void>;
}

const LISTENING = /listening on (\S+) organisation=(\S+) token=(\S+)/;

export async function startEmulatorProcess(requestLogFile: string): Promise<EmulatorProcess> {
  fs.writeFileSync(requestLogFile, '');
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', path.join('emulator', 'cli.ts'), '--port', '0', '--request-log', requestLogFile],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, VERSORI_EMULATOR_FAULTS: '' } },
  );
  // Never outlive the benchmark, even when it fails or is interrupted.
  const stopChild = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  const interrupted = (signal: NodeJS.Signals): void => {
    stopChild();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', stopChild);
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  child.once('exit', () => {
    process.off('exit', stopChild);
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  });
  const target = await new Promise<PlatformTarget>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the emulator did not start: ${output}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before listening: ${output}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = LISTENING.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve({ baseUrl: match[1], organisationId: match[2], token: match[3] });
      }
    });
  });
  const origin = new URL(target.baseUrl).origin;
  const admin = async (method: string, route: string, body?: unknown): Promise<void> => {
    const response = await fetch(`${origin}/_emulator/${route}`, {
      method,
      headers: { Authorization: `Bearer ${target.token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`emulator admin ${method} ${route} answered ${response.status}: ${await response.text()}`);
  };
  const readLog = () => readRequestLog(requestLogFile);
  return {
    target,
    setLatency: (latencyMs) => admin('PUT', 'faults', { latencyMs }),
    reset: () => admin('POST', 'reset'),
    mark: () => readLog().length,
    requestsSince: (mark) => readLog().slice(mark),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const ROUTE_PATTERNS = API_ROUTES.map((route) => ({
  pattern: new RegExp(`^/api/connect/v1${route.path.replace(/:\w+/g, '[^/]+')}$`),
  template: route.path.replace('/o/:organisationId', '').replace(/:(\w+)/g, '{$1}'),
}));

/** `METHOD /path/template`, e.g. `PUT /connectors/{connectorId}/auth-scheme-configs/{authSchemeConfigId}`. */
export function operationOf(request: LoggedRequest): string {
  const route = ROUTE_PATTERNS.find((r) => r.pattern.test(request.path));
  return `${request.method} ${route?.template ?? `(no route) ${request.path}`}`;
}

/** Requests counted by operation, sorted by operation. */
export function countByOperation(requests: LoggedRequest[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const request of requests) counts.set(operationOf(request), (counts.get(operationOf(request)) ?? 0) + 1);
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
