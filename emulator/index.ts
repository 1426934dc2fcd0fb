import { randomBytes } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import { API_BASE_PATH, ULID_PATTERN } from '../api/schemas';
import { buildApp } from './app';
import { MonotonicClock } from './clock';
import { FaultInjector, parseFaultJson, type FaultConfig } from './faults';
import { RequestLog } from './request-log';
import { EmulatorState } from './state';
import { emptyStore, loadStore } from './store';

export { ADMIN_PREFIX } from './app';
export { EmulatorState } from './state';

export type { FaultConfig } from './faults';

export interface EmulatorOptions {
  port?: number;
  host?: string;
  organisationId?: string;
  token?: string;
  dataFile?: string;
  faults?: FaultConfig;
  requestLogFile?: string;
  /** Rotation size of the request log; default `$VERSORI_EMULATOR_REQUEST_LOG_MAX_BYTES`, else 64 MiB. */
  requestLogMaxBytes?: number;
  /**
   * Requests per second per caller, a whole number: the emulator's token has a bucket of this many, refilled
   * continuously; requests without it share another. Beyond it, 429 with Retry-After. No limit when absent.
   */
  rateLimit?: number;
  /** How long a client may take to send one request, in ms (default 30 s). */
  requestTimeoutMs?: number;
  /**
   * Listen on a host that is not a loopback address. Off by default: the emulator speaks plain HTTP and holds
   * credential secrets, so anyone who can reach it could read the token and them.
   */
  allowNonLoopback?: boolean;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** 127.0.0.0/8, ::1 (and the IPv4-mapped forms) or localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(bare);
}

export interface RunningEmulator {
  baseUrl: string;
  origin: string;
  port: number;
  organisationId: string;
  token: string;
  setFaults(f: FaultConfig | null): void;
  markInUse(connectorId: string, connectionId?: string, inUse?: boolean): void;
  close(): Promise<void>;
}

function faultsFromEnvironment(): FaultConfig | null {
  const text = process.env.VERSORI_EMULATOR_FAULTS;
  if (text === undefined || text.trim() === '') return null;
  return parseFaultJson(text, 'VERSORI_EMULATOR_FAULTS');
}

function requestLogOf(options: EmulatorOptions): RequestLog | null {
  const file = options.requestLogFile ?? (process.env.VERSORI_EMULATOR_REQUEST_LOG || undefined);
  if (file === undefined) return null;
  const fromEnvironment = process.env.VERSORI_EMULATOR_REQUEST_LOG_MAX_BYTES?.trim() || undefined;
  return new RequestLog(file, options.requestLogMaxBytes ?? (fromEnvironment === undefined ? undefined : Number(fromEnvironment)));
}

async function emulatorState(options: EmulatorOptions): Promise<EmulatorState> {
  const organisationId = options.organisationId ?? monotonicFactory()();
  if (!ULID_PATTERN.test(organisationId)) throw new Error(`organisation ID ${organisationId} is not a ULID`);
  const clock = new MonotonicClock();
  const dataFile = options.dataFile;
  const store = dataFile === undefined ? emptyStore() : await loadStore(dataFile, clock);
  const faults = new FaultInjector();
  faults.configure(options.faults ?? faultsFromEnvironment());
  return new EmulatorState(store, organisationId, clock, faults, dataFile);
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const token = options.token ?? `vemu_${randomBytes(18).toString('base64url')}`;
  if (token === '') throw new Error('the token must not be empty');
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && options.allowNonLoopback !== true) {
    throw new Error(
      `${host} is not a loopback address: the emulator serves plain HTTP and holds credential secrets, so it listens ` +
        'on 127.0.0.1 unless told otherwise (--allow-non-loopback)',
    );
  }
  const emulator = await emulatorState(options);
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const app = buildApp({ emulator, token, requestLog: requestLogOf(options), requestTimeoutMs, rateLimit: options.rateLimit });

  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the emulator is not listening on a TCP port');
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  let closing: Promise<void> | null = null;
  return {
    baseUrl: `${origin}${API_BASE_PATH}`,
    origin,
    port: address.port,
    organisationId: emulator.organisationId,
    token,
    setFaults: (f) => emulator.faults.configure(f),
    markInUse: (connectorId, connectionId, inUse) => emulator.markInUse(connectorId, connectionId, inUse),
    close: () => {
      closing ??= (async () => {
        await app.close();
        await emulator.flush();
      })();
      return closing;
    },
  };
}
