// The emulator's HTTP side: body parsing, the rate limit, faults and the token check, the API routes, and answers that
// always carry the Error shape and reach the request log.
import { createHash, timingSafeEqual } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { monotonicFactory } from 'ulid';
import { API_BASE_PATH } from '../api/schemas';
import { registerAdminRoutes } from './admin';
import { registerVersionAdminRoutes } from './admin-versions';
import { BODY_LIMIT_BYTES, registerJsonBodyParser } from './body';
import { ApiError, codeForStatus, notFound } from './errors';
import type { ApiContext, ApiHandler } from './handlers/context';
import type { Query } from './pagination';
import { RateLimiter } from './rate-limit';
import type { RequestLog, RequestLogEntry } from './request-log';
import { API_ROUTES, HTTP_METHODS, SCHEMA_ROUTES, type HttpMethod } from './routes';
import type { EmulatorState } from './state';
import { organisationOf } from './store';

export const ADMIN_PREFIX = '/_emulator';
/** The longest path segment (an ID) the router takes; longer ones are answered 414. */
export const MAX_PARAM_LENGTH = 100;

export interface AppOptions {
  emulator: EmulatorState;
  token: string;
  requestLog: RequestLog | null;
  /** How long a client may take to send a whole request (headers and body), in ms; then its socket is closed. */
  requestTimeoutMs: number;
  /** Requests per second per caller (see RateLimiter); no limit when undefined. */
  rateLimit?: number;
}

/** Whether `header` carries the bearer `token`, compared in constant time (of digests: the lengths may differ). */
export function carriesToken(header: string | undefined, token: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(header ?? ''), digest(`Bearer ${token}`));
}

interface RequestState {
  api: boolean;
  fault?: 'error' | 'drop';
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Sends every answer: logs API requests (not admin ones) and honours a drop fault. */
class Replies {
  private readonly states = new WeakMap<FastifyRequest, RequestState>();

  constructor(private readonly requestLog: RequestLog | null) {}

  begin(request: FastifyRequest): RequestState {
    const existing = this.states.get(request);
    if (existing !== undefined) return existing;
    const path = pathOf(request.url);
    const state: RequestState = { api: path !== ADMIN_PREFIX && !path.startsWith(`${ADMIN_PREFIX}/`) };
    this.states.set(request, state);
    return state;
  }

  log(request: FastifyRequest, extra: Partial<RequestLogEntry>): void {
    if (this.requestLog === null || this.states.get(request)?.api !== true) return;
    this.requestLog.write({
      method: request.method,
      path: pathOf(request.url),
      query: { ...(request.query as Query | undefined) },
      ...(request.body !== undefined && request.body !== null && { requestBody: request.body }),
      ...extra,
    });
  }

  destroySocket(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    reply.hijack();
    request.raw.socket.destroy();
    return reply;
  }

  send(request: FastifyRequest, reply: FastifyReply, status: number, body?: unknown, headers: Record<string, string> = {}): FastifyReply {
    const fault = this.states.get(request)?.fault;
    this.log(request, { status, ...(body !== undefined && { responseBody: body }), ...(fault !== undefined && { fault }) });
    if (fault === 'drop') return this.destroySocket(request, reply);
    reply.code(status).headers(headers);
    if (body === undefined) return reply.send();
    // A document (text) goes out as bytes, so that Fastify leaves its content type as given (it would add a charset).
    return reply.send(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  }

  readonly error = (request: FastifyRequest, reply: FastifyReply, error: ApiError): FastifyReply =>
    this.send(request, reply, error.status, error.body, error.headers);
}

const deadlines = new WeakMap<FastifyRequest, NodeJS.Timeout>();

/**
 * A client that trickles a request in (or never finishes one) has its socket closed when the request is not whole
 * within `ms`, even once answered: neither Fastify's default nor Node's request timeout had ended such a socket.
 */
function requestDeadline(ms: number) {
  return async (request: FastifyRequest): Promise<void> => {
    const timer = setTimeout(() => request.raw.socket.destroy(), ms);
    timer.unref();
    deadlines.set(request, timer);
    request.raw.once('end', () => clearTimeout(timer));
  };
}

/** After the answer: a request still being sent (answered early, e.g. 401) keeps its deadline, so it cannot trickle on. */
function endOfRequest(request: FastifyRequest): void {
  if (request.raw.complete) clearTimeout(deadlines.get(request));
}

/** The onRequest hook of a rate limit: API requests beyond it are answered 429, before faults or the token check see them. */
function rateLimit(limiter: RateLimiter, token: string, replies: Replies) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (!replies.begin(request).api) return undefined;
    const retryAfterSeconds = limiter.take(carriesToken(request.headers.authorization, token));
    if (retryAfterSeconds === 0) return undefined;
    const error = new ApiError(429, codeForStatus(429), 'rate limit exceeded', undefined, { 'retry-after': String(retryAfterSeconds) });
    return replies.error(request, reply, error);
  };
}

/** The onRequest hook: latency and injected faults for API requests, then the bearer token for every request. */
function faultsAndToken(options: AppOptions, replies: Replies) {
  const { faults } = options.emulator;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const state = replies.begin(request);
    if (state.api) {
      if (faults.latencyMs > 0) await sleep(faults.latencyMs);
      const decision = faults.decide();
      if (decision.kind === 'reset') {
        replies.log(request, { fault: 'reset' });
        return replies.destroySocket(request, reply);
      }
      if (decision.kind === 'drop') state.fault = 'drop';
      if (decision.kind === 'error') {
        state.fault = 'error';
        const headers: Record<string, string> = decision.status === 429 ? { 'retry-after': String(decision.retryAfterSeconds) } : {};
        return replies.error(request, reply, new ApiError(decision.status, codeForStatus(decision.status), 'injected fault', undefined, headers));
      }
    }
    if (!carriesToken(request.headers.authorization, options.token)) {
      const error = new ApiError(401, 'unauthenticated', 'a valid bearer token is required', undefined, { 'www-authenticate': 'Bearer' });
      return replies.error(request, reply, error);
    }
    return undefined;
  };
}

/** Any error becomes an Error body: ApiErrors as they are, Fastify's by their status, anything else a 500. */
function errorHandler(replies: Replies) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (error instanceof ApiError) return replies.error(request, reply, error);
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) process.stderr.write(`versori-emulator: ${error.stack ?? String(error)}\n`);
    const message =
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
        ? 'the request body is not valid JSON'
        : status === 500
          ? 'internal error'
          : error.message;
    return replies.error(request, reply, new ApiError(status, codeForStatus(status), message));
  };
}

function methodNotAllowed(replies: Replies, method: HttpMethod, allowed: readonly HttpMethod[]) {
  const error = new ApiError(405, 'method_not_allowed', `${method} is not allowed here`, undefined, { allow: allowed.join(', ') });
  return (request: FastifyRequest, reply: FastifyReply): FastifyReply => replies.error(request, reply, error);
}

/** The origin of the socket the request arrived on (not the Host header, which the client chooses). */
function originOf(request: FastifyRequest): string {
  const { localAddress = '127.0.0.1', localPort } = request.socket;
  const host = localAddress.includes(':') ? `[${localAddress}]` : localAddress;
  return `http://${host}:${localPort ?? 0}`;
}

/** Runs one API handler. Synchronous on purpose: it reads and writes the store without yielding, so no update is lost. */
function apiRoute(options: AppOptions, replies: Replies, newId: () => string, method: HttpMethod, handler: ApiHandler) {
  const { emulator } = options;
  return (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const params = request.params as Record<string, string>;
    if (params.organisationId !== emulator.organisationId) {
      return replies.error(request, reply, notFound(`organisation ${params.organisationId ?? ''}`));
    }
    const ctx: ApiContext = {
      organisationId: emulator.organisationId,
      origin: originOf(request),
      org: organisationOf(emulator.store, emulator.organisationId),
      clock: emulator.clock,
      newId,
      params,
      query: { ...(request.query as Query | undefined) },
      body: request.body,
    };
    let result;
    try {
      result = handler(ctx);
    } catch (error) {
      if (error instanceof ApiError) return replies.error(request, reply, error);
      throw error;
    }
    if (method !== 'GET') emulator.changed();
    return replies.send(request, reply, result.status, result.body, result.headers);
  };
}

function registerApiRoutes(app: FastifyInstance, options: AppOptions, replies: Replies): void {
  const newId = monotonicFactory();
  const routes = [...API_ROUTES.map((route) => ({ url: `${API_BASE_PATH}${route.path}`, methods: route.methods })), ...SCHEMA_ROUTES];
  for (const { url, ...route } of routes) {
    const allowed = HTTP_METHODS.filter((m) => route.methods[m] !== undefined);
    for (const method of HTTP_METHODS) {
      const handler = route.methods[method];
      app.route({
        method,
        url,
        handler: handler === undefined ? methodNotAllowed(replies, method, allowed) : apiRoute(options, replies, () => newId(), method, handler),
      });
    }
  }
}

/** Bytes that are not an HTTP request get an Error body too (no request reaches the routes, so none is logged). */
function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'the request took too long to arrive']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'the request headers are too large']
        : [400, 'the request is not valid HTTP'];
  const body = JSON.stringify({ code: codeForStatus(status), message });
  if (socket.writable) {
    const head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8`;
    socket.write(`${head}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

/** Paths the router refuses before any hook runs: a bad percent-encoding, a segment longer than MAX_PARAM_LENGTH. */
function frameworkErrors(replies: Replies) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    replies.begin(request);
    const refusal =
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? new ApiError(414, codeForStatus(414), `a path segment is longer than ${MAX_PARAM_LENGTH} characters`)
        : new ApiError(400, 'invalid_argument', 'the request path is not a valid URL');
    return replies.error(request, reply, refusal);
  };
}

export function buildApp(options: AppOptions): FastifyInstance {
  const replies = new Replies(options.requestLog);
  const app = Fastify({
    logger: false,
    forceCloseConnections: true,
    connectionTimeout: options.requestTimeoutMs * 4,
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    clientErrorHandler,
    frameworkErrors: frameworkErrors(replies),
  });
  registerJsonBodyParser(app);
  app.addHook('onRequest', requestDeadline(options.requestTimeoutMs));
  app.addHook('onResponse', async (request) => endOfRequest(request));
  if (options.rateLimit !== undefined) app.addHook('onRequest', rateLimit(new RateLimiter(options.rateLimit), options.token, replies));
  app.addHook('onRequest', faultsAndToken(options, replies));
  app.setErrorHandler(errorHandler(replies));
  app.setNotFoundHandler((request, reply) =>
    replies.error(request, reply, new ApiError(404, 'not_found', `no route for ${request.method} ${pathOf(request.url)}`)),
  );
  registerApiRoutes(app, options, replies);
  registerAdminRoutes(app, options.emulator, replies.error);
  registerVersionAdminRoutes(app, options.emulator, replies.error);
  return app;
}
