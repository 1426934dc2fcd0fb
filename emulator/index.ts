import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import { monotonicFactory } from 'ulid';
import { API_BASE_PATH, ULID_PATTERN } from '../api/schemas';
import { registerAdminRoutes } from './admin';
import { MonotonicClock } from './clock';
import { ApiError, codeForStatus, notFound } from './errors';
import { FaultInjector, parseFaultJson, type FaultSettings } from './faults';
import type { ApiContext } from './handlers/context';
import type { Query } from './pagination';
import { RequestLog, type RequestLogEntry } from './requestLog';
import { API_ROUTES, HTTP_METHODS } from './routes';
import { emptyStore, loadStore, lookup, organisationOf, StorePersister, type StoreData } from './store';

export type FaultConfig = FaultSettings;

export interface EmulatorOptions {
  port?: number;
  host?: string;
  organisationId?: string;
  token?: string;
  dataFile?: string;
  faults?: FaultConfig;
  requestLogFile?: string;
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

export const ADMIN_PREFIX = '/_emulator';

interface RequestState {
  api: boolean;
  fault?: 'error' | 'drop';
}

/** Holds the store and applies admin operations; shared by the in-process API and the admin routes. */
export class EmulatorState {
  store: StoreData;

  constructor(
    store: StoreData,
    readonly organisationId: string,
    readonly clock: MonotonicClock,
    readonly faults: FaultInjector,
    dataFile?: string,
  ) {
    this.store = store;
    this.persister = dataFile === undefined ? null : new StorePersister(dataFile, () => JSON.stringify(this.store, null, 2));
  }

  private readonly persister: StorePersister | null;

  changed(): void {
    this.persister?.schedule();
  }

  /** Marks a connector (or one of its connections) in use, so that deleting it answers 409 (412). */
  markInUse(connectorId: string, connectionId?: string, inUse = true): void {
    const org = organisationOf(this.store, this.organisationId);
    const connector = lookup(org.connectors, connectorId);
    if (connector === undefined) throw notFound(`connector ${connectorId}`);
    if (connectionId === undefined) {
      connector.inUse = inUse;
    } else {
      const connection = connector.connections.find((c) => c.id === connectionId);
      if (connection === undefined) throw notFound(`connection ${connectionId}`);
      connection.inUse = inUse;
    }
    this.changed();
  }

  reset(): void {
    this.store = emptyStore();
    this.changed();
  }

  async flush(): Promise<void> {
    await this.persister?.flush();
  }
}

function faultsFromEnvironment(): FaultSettings | null {
  const text = process.env.VERSORI_EMULATOR_FAULTS;
  if (text === undefined || text.trim() === '') return null;
  return parseFaultJson(text, 'VERSORI_EMULATOR_FAULTS');
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const organisationId = options.organisationId ?? monotonicFactory()();
  if (!ULID_PATTERN.test(organisationId)) throw new Error(`organisation ID ${organisationId} is not a ULID`);
  const token = options.token ?? `vemu_${randomBytes(18).toString('base64url')}`;
  if (token === '') throw new Error('the token must not be empty');
  const clock = new MonotonicClock();
  const dataFile = options.dataFile;
  const store = dataFile === undefined ? emptyStore() : await loadStore(dataFile, clock);
  const faults = new FaultInjector();
  faults.configure(options.faults ?? faultsFromEnvironment());
  const emulator = new EmulatorState(store, organisationId, clock, faults, dataFile);
  const requestLogFile = options.requestLogFile ?? (process.env.VERSORI_EMULATOR_REQUEST_LOG || undefined);
  const requestLog = requestLogFile === undefined ? null : new RequestLog(requestLogFile);
  const newId = monotonicFactory();

  const app = Fastify({ logger: false, forceCloseConnections: true });
  // Like the default JSON parser, except that an empty body (e.g. a DELETE sent with a JSON content type) is no body.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') done(null, undefined);
    else parseJson(request, text, done);
  });
  const requestStates = new WeakMap<FastifyRequest, RequestState>();

  const logEntry = (request: FastifyRequest, extra: Partial<RequestLogEntry>): void => {
    if (requestLog === null || requestStates.get(request)?.api !== true) return;
    const entry: RequestLogEntry = {
      method: request.method,
      path: pathOf(request.url),
      query: { ...(request.query as Query | undefined) },
      ...(request.body !== undefined && request.body !== null && { requestBody: request.body }),
      ...extra,
    };
    requestLog.write(entry);
  };

  const destroySocket = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    reply.hijack();
    request.raw.socket.destroy();
    return reply;
  };

  const respond = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ): FastifyReply => {
    const fault = requestStates.get(request)?.fault;
    logEntry(request, { status, ...(body !== undefined && { responseBody: body }), ...(fault !== undefined && { fault }) });
    if (fault === 'drop') return destroySocket(request, reply);
    reply.code(status).headers(headers);
    return body === undefined ? reply.send() : reply.send(body);
  };

  const respondError = (request: FastifyRequest, reply: FastifyReply, error: ApiError): FastifyReply =>
    respond(request, reply, error.status, error.body, error.headers);

  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request.url);
    const isAdmin = path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);
    const requestState: RequestState = { api: !isAdmin };
    requestStates.set(request, requestState);
    if (!isAdmin) {
      if (faults.latencyMs > 0) await sleep(faults.latencyMs);
      const decision = faults.decide();
      if (decision.kind === 'reset') {
        logEntry(request, { fault: 'reset' });
        return destroySocket(request, reply);
      }
      if (decision.kind === 'drop') requestState.fault = 'drop';
      if (decision.kind === 'error') {
        requestState.fault = 'error';
        const headers: Record<string, string> = decision.status === 429 ? { 'retry-after': String(decision.retryAfterSeconds) } : {};
        const error = new ApiError(decision.status, codeForStatus(decision.status), 'injected fault', undefined, headers);
        return respondError(request, reply, error);
      }
    }
    if (request.headers.authorization !== `Bearer ${token}`) {
      const error = new ApiError(401, 'unauthenticated', 'a valid bearer token is required', undefined, {
        'www-authenticate': 'Bearer',
      });
      return respondError(request, reply, error);
    }
    return undefined;
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) return respondError(request, reply, error);
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) process.stderr.write(`versori-emulator: ${error.stack ?? String(error)}\n`);
    const message =
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
        ? 'the request body is not valid JSON'
        : status === 500
          ? 'internal error'
          : error.message;
    return respondError(request, reply, new ApiError(status, codeForStatus(status), message));
  });

  app.setNotFoundHandler((request, reply) =>
    respondError(request, reply, new ApiError(404, 'not_found', `no route for ${request.method} ${pathOf(request.url)}`)),
  );

  for (const route of API_ROUTES) {
    const url = `${API_BASE_PATH}${route.path}`;
    const allowed = HTTP_METHODS.filter((m) => route.methods[m] !== undefined);
    for (const method of HTTP_METHODS) {
      const handler = route.methods[method];
      if (handler === undefined) {
        app.route({
          method,
          url,
          handler: (request, reply) =>
            respondError(
              request,
              reply,
              new ApiError(405, 'method_not_allowed', `${method} is not allowed here`, undefined, { allow: allowed.join(', ') }),
            ),
        });
        continue;
      }
      app.route({
        method,
        url,
        // Synchronous on purpose: the handler reads and writes the store without yielding, so no update is lost.
        handler: (request, reply) => {
          const params = request.params as Record<string, string>;
          if (params.organisationId !== organisationId) {
            return respondError(request, reply, notFound(`organisation ${params.organisationId ?? ''}`));
          }
          const ctx: ApiContext = {
            organisationId,
            org: organisationOf(emulator.store, organisationId),
            clock,
            newId: () => newId(),
            params,
            query: { ...(request.query as Query | undefined) },
            body: request.body,
          };
          let result;
          try {
            result = handler(ctx);
          } catch (error) {
            if (error instanceof ApiError) return respondError(request, reply, error);
            throw error;
          }
          if (method !== 'GET') emulator.changed();
          return respond(request, reply, result.status, result.body);
        },
      });
    }
  }

  registerAdminRoutes(app, emulator, respondError);

  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the emulator is not listening on a TCP port');
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  let closing: Promise<void> | null = null;
  return {
    baseUrl: `${origin}${API_BASE_PATH}`,
    origin,
    port: address.port,
    organisationId,
    token,
    setFaults: (f) => faults.configure(f),
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
