// The one HTTP client of the provider: typed calls to the Versori Connect API v1, every response parsed with zod.
import axios, { AxiosError, AxiosInstance, AxiosResponse, Method } from 'axios';
import axiosRetry from 'axios-retry';
import { z } from 'zod';
import {
  ApiErrorBody,
  ApiErrorField,
  AuthSchemeConfig,
  BigQueryConnectorCreate,
  Connection,
  ConnectionCreate,
  ConnectionSummary,
  ConnectionUpdate,
  Connector,
  ConnectorConnectionPage,
  ConnectorPage,
  ConnectorUpdate,
  HttpConnectorCreate,
  Protocol,
  fieldPath,
} from '../api/schemas';
import { isLoopbackHost, VersoriSettings } from './config';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly retries: number;
  /** Delay before the first retry; doubles on each retry. */
  readonly baseDelayMs: number;
  /** Upper bound of any single delay, including one asked for by `Retry-After`. */
  readonly maxDelayMs: number;
  /** No retry starts later than this after the first attempt began (attempt timeouts come on top). */
  readonly maxElapsedMs: number;
}

export interface ClientOptions {
  /** Per-attempt timeout. */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Receives one line per request and response; never headers or bodies. */
  readonly log?: (line: string) => void;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 8, baseDelayMs: 250, maxDelayMs: 10_000, maxElapsedMs: 60_000 };

/**
 * Statuses after which an idempotent request is sent again: "try again later", and 500, since repeating an
 * idempotent request is harmless whether or not the failed attempt took effect.
 */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);
const IDEMPOTENT_METHODS = new Set(['get', 'head', 'options', 'put', 'delete']);

/** What kind of object a request is about, and which one: used to build sentences like `Connection "prod"`. */
export type Subject = string;

export class VersoriApiError extends Error {
  override readonly name = 'VersoriApiError';
  /** HTTP status, or undefined when no response arrived (network error, timeout). */
  readonly status: number | undefined;
  /** API error code, `network_error`, or `invalid_response` when the response broke the contract. */
  readonly code: string;
  readonly apiMessage: string;
  readonly fields: readonly ApiErrorField[];
  /** The API operation, e.g. `CreateConnectorConnection`. */
  readonly operation: string;
  readonly subject: Subject;
  readonly method: string;
  /** Attempts made, retries included. */
  readonly attempts: number;

  constructor(init: {
    status: number | undefined;
    code: string;
    apiMessage: string;
    fields?: readonly ApiErrorField[];
    operation: string;
    subject: Subject;
    method: string;
    attempts: number;
    message?: string;
  }) {
    super(init.message ?? describeFailure(init));
    this.status = init.status;
    this.code = init.code;
    this.apiMessage = init.apiMessage;
    this.fields = init.fields ?? [];
    this.operation = init.operation;
    this.subject = init.subject;
    this.method = init.method;
    this.attempts = init.attempts;
  }

  /** True when the request may or may not have taken effect (no response, or a server-side failure). */
  get ambiguous(): boolean {
    return this.status === undefined || this.status >= 500;
  }

  get notFound(): boolean {
    return this.status === 404;
  }
}

function attemptsSuffix(attempts: number): string {
  return attempts > 1 ? `, after ${attempts} attempts` : '';
}

function describeFailure(e: {
  status: number | undefined;
  code: string;
  apiMessage: string;
  fields?: readonly ApiErrorField[];
  operation: string;
  subject: Subject;
  attempts: number;
}): string {
  const fields = e.fields ?? [];
  const detail = fields.length > 0 ? fields.map((f) => `${f.field}: ${f.message}`).join('; ') : e.apiMessage;
  const tail = attemptsSuffix(e.attempts);
  if (e.status === undefined) {
    return `Could not reach Versori for ${e.operation} of ${e.subject}: ${detail}${tail}`;
  }
  if (e.code === 'invalid_response') {
    return `Versori answered ${e.operation} of ${e.subject} with a response the API contract does not allow: ${detail} (${e.status})`;
  }
  switch (e.status) {
    case 400:
    case 422:
      return `Versori rejected ${e.subject}: ${detail} (${e.status})`;
    case 401:
      return `Versori did not accept the token for ${e.operation} of ${e.subject}: ${detail} (401). Set a valid API key with \`pulumi config set --secret versori:token\` or VERSORI_TOKEN.`;
    case 403:
      return `The token is not allowed to perform ${e.operation} on ${e.subject}: ${detail} (403). Check the API key's permissions and versori:organisationId.`;
    case 404:
      return `${e.subject} was not found (${e.operation}): ${detail} (404). Check versori:organisationId and the id.`;
    case 409:
    case 412:
      return `Versori refused ${e.operation} of ${e.subject}: ${detail} (${e.status})`;
    case 429:
      return `Versori kept rate-limiting ${e.operation} of ${e.subject}: ${detail} (429${tail}). Try again later.`;
    default:
      return `Versori failed ${e.operation} of ${e.subject}: ${detail} (${e.status}${tail})`;
  }
}

function retryAfterMs(error: AxiosError): number {
  const header = error.response?.headers?.['retry-after'] as unknown;
  if (typeof header !== 'string' && typeof header !== 'number') return 0;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(String(header));
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : 0;
}

/** Exponential backoff with jitter (50-100% of the step), at least what `Retry-After` asks, capped. */
export function retryDelayMs(retryNumber: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, askedMs = 0): number {
  const step = policy.baseDelayMs * 2 ** Math.max(0, retryNumber - 1);
  const jittered = step * (0.5 + Math.random() * 0.5);
  return Math.min(policy.maxDelayMs, Math.max(jittered, askedMs));
}

/**
 * Idempotent requests are retried on network errors, timeouts and 429/502/503/504. A POST is retried only when it
 * certainly had no effect: 429 (rate limited before processing) or a refused connection.
 */
export function isRetryable(error: AxiosError): boolean {
  if (error.code === 'ERR_CANCELED') return false;
  const method = (error.config?.method ?? '').toLowerCase();
  const status = error.response?.status;
  if (IDEMPOTENT_METHODS.has(method)) {
    return status === undefined ? error.code !== undefined || error.request !== undefined : RETRYABLE_STATUSES.has(status);
  }
  return status === 429 || (status === undefined && error.code === 'ECONNREFUSED');
}

declare module 'axios' {
  interface AxiosRequestConfig {
    /** When the first attempt of this call started (kept across retries). */
    versoriStartedAt?: number;
  }
}

/** Whether a retry may still start: the call's time budget is not spent (the next delay included). */
function withinBudget(error: AxiosError, policy: RetryPolicy): boolean {
  const startedAt = error.config?.versoriStartedAt;
  if (startedAt === undefined) return true;
  const retryNumber = (error.config?.['axios-retry']?.retryCount ?? 0) + 1;
  const nextDelay = Math.min(policy.maxDelayMs, Math.max(policy.baseDelayMs * 2 ** (retryNumber - 1) * 0.5, retryAfterMs(error)));
  return Date.now() - startedAt + nextDelay <= policy.maxElapsedMs;
}

interface Call<T> {
  readonly operation: string;
  readonly subject: Subject;
  readonly method: Method;
  readonly path: string;
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly body?: unknown;
  /** Response schema; undefined for responses without a body. */
  readonly schema?: z.ZodType<T>;
}

export interface ListConnectorsQuery {
  readonly name?: string;
  readonly protocol?: Protocol;
  readonly first?: number;
  readonly after?: string;
}

export class VersoriClient {
  readonly organisationId: string;
  readonly baseUrl: string;
  private readonly http: AxiosInstance;
  private readonly log: ((line: string) => void) | undefined;
  /** How often and how long requests are retried; creates with an uncertain outcome follow it too. */
  readonly retryPolicy: RetryPolicy;

  constructor(settings: VersoriSettings, options: ClientOptions = {}) {
    this.organisationId = settings.organisationId;
    this.baseUrl = settings.baseUrl;
    this.log = options.log;
    const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.retryPolicy = policy;
    this.http = axios.create({
      baseURL: settings.baseUrl,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      headers: { Authorization: `Bearer ${settings.token}`, Accept: 'application/json' },
      // Every status reaches our own handling; axios-retry still sees the errors we raise below for retryable ones.
      validateStatus: (status) => status >= 200 && status < 300,
      maxRedirects: 0,
      // A loopback emulator must never be reached through an HTTP proxy from the environment.
      ...(isLoopbackHost(new URL(settings.baseUrl).hostname) ? { proxy: false as const } : {}),
    });
    axiosRetry(this.http, {
      retries: policy.retries,
      shouldResetTimeout: true,
      retryCondition: (error) => isRetryable(error) && withinBudget(error, policy),
      retryDelay: (retryNumber, error) => retryDelayMs(retryNumber, policy, retryAfterMs(error)),
      onRetry: (retryNumber, error, config) => {
        this.log?.(
          `versori: retry ${retryNumber}/${policy.retries} of ${String(config.method).toUpperCase()} ${config.url} after ${error.response?.status ?? error.code ?? 'network error'}`,
        );
      },
    });
  }

  private organisationVisible = false;

  /**
   * Called after a 404 before concluding that an object is gone: throws when the organisation itself is not visible
   * (a wrong versori:organisationId, or a key of another organisation), so that a refresh or a delete never drops from
   * the state objects that still exist.
   */
  async ensureOrganisationVisible(subject: Subject): Promise<void> {
    if (this.organisationVisible) return;
    try {
      await this.listConnectors({ first: 1 }, subject);
    } catch (error) {
      if (error instanceof VersoriApiError && error.status === 404) {
        throw new VersoriApiError({
          status: 404,
          code: error.code,
          apiMessage: error.apiMessage,
          operation: 'ListConnectors',
          subject,
          method: 'get',
          attempts: error.attempts,
          message:
            `Versori answered 404 for ${subject} because organisation ${this.organisationId} is not visible with this token ` +
            `(${error.apiMessage}). Set versori:organisationId to the organisation the API key belongs to; nothing was changed in the state.`,
        });
      }
      throw error;
    }
    this.organisationVisible = true;
  }

  private orgPath(suffix: string): string {
    return `/o/${encodeURIComponent(this.organisationId)}${suffix}`;
  }

  /** The path of a connector, or of what lies below it: `connectorPath(id, 'connections', connectionId)`. */
  private connectorPath(connectorId: string, ...below: string[]): string {
    return this.orgPath(`/connectors/${[connectorId, ...below].map(encodeURIComponent).join('/')}`);
  }

  private async call<T>(call: Call<T>): Promise<T> {
    const started = Date.now();
    let response: AxiosResponse<unknown>;
    this.log?.(`versori: ${call.method.toUpperCase()} ${call.path} (${call.operation})`);
    try {
      response = await this.http.request<unknown>({
        method: call.method,
        url: call.path,
        params: call.query,
        data: call.body,
        versoriStartedAt: started,
      });
    } catch (error) {
      throw this.toApiError(call, error);
    }
    this.log?.(`versori: ${response.status} for ${call.operation} in ${Date.now() - started} ms`);
    if (call.schema === undefined) return undefined as T;
    const parsed = call.schema.safeParse(response.data);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => ({ field: fieldPath(issue.path) || '(body)', message: issue.message }));
      throw new VersoriApiError({
        status: response.status,
        code: 'invalid_response',
        apiMessage: 'unexpected response body',
        fields,
        operation: call.operation,
        subject: call.subject,
        method: call.method,
        attempts: 1,
      });
    }
    return parsed.data;
  }

  /** Builds the error from the response only: the axios error (which holds the request headers) is dropped. */
  private toApiError(call: Call<unknown>, error: unknown): VersoriApiError {
    if (!axios.isAxiosError(error)) {
      return new VersoriApiError({
        status: undefined,
        code: 'client_error',
        apiMessage: error instanceof Error ? error.message : String(error),
        operation: call.operation,
        subject: call.subject,
        method: call.method,
        attempts: 1,
      });
    }
    const attempts = 1 + (error.config?.['axios-retry']?.retryCount ?? 0);
    const response = error.response;
    if (response === undefined) {
      const reason =
        error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT'
          ? `timed out (${error.code})`
          : `${error.code ?? 'network error'}${error.message && !error.message.includes('Bearer') ? ` (${error.message})` : ''}`;
      return new VersoriApiError({
        status: undefined,
        code: 'network_error',
        apiMessage: reason,
        operation: call.operation,
        subject: call.subject,
        method: call.method,
        attempts,
      });
    }
    const body = ApiErrorBody.safeParse(response.data);
    return new VersoriApiError({
      status: response.status,
      code: body.success ? body.data.code : `http_${response.status}`,
      apiMessage: body.success ? body.data.message : response.statusText || `HTTP ${response.status}`,
      fields: body.success ? (body.data.fields ?? []) : [],
      operation: call.operation,
      subject: call.subject,
      method: call.method,
      attempts,
    });
  }

  // ---------- Connectors ----------

  createHttpConnector(body: HttpConnectorCreate, subject: Subject): Promise<Connector> {
    return this.call({
      operation: 'CreateHTTPConnector',
      subject,
      method: 'post',
      path: this.orgPath('/protocols/http/connectors'),
      body,
      schema: Connector,
    });
  }

  createBigQueryConnector(body: BigQueryConnectorCreate, subject: Subject): Promise<Connector> {
    return this.call({
      operation: 'CreateBigQueryConnector',
      subject,
      method: 'post',
      path: this.orgPath('/protocols/bigquery/connectors'),
      body,
      schema: Connector,
    });
  }

  listConnectors(query: ListConnectorsQuery, subject: Subject = 'connectors'): Promise<ConnectorPage> {
    return this.call({
      operation: 'ListConnectors',
      subject,
      method: 'get',
      path: this.orgPath('/connectors'),
      query: { ...query },
      schema: ConnectorPage,
    });
  }

  /** Every connector with exactly this name (the name filter of the API may match more loosely). */
  async findConnectorsByName(name: string, subject: Subject): Promise<Connector[]> {
    const found: Connector[] = [];
    let after: string | undefined;
    for (let page = 0; page < 100; page++) {
      const result = await this.listConnectors({ name, first: 100, after }, subject);
      found.push(...result.connectors.filter((c) => c.name === name));
      if (result.next === undefined || result.connectors.length === 0) break;
      after = result.next;
    }
    return found;
  }

  getConnector(connectorId: string, subject: Subject): Promise<Connector> {
    return this.call({
      operation: 'GetConnector',
      subject,
      method: 'get',
      path: this.connectorPath(connectorId),
      schema: Connector,
    });
  }

  updateConnector(connectorId: string, body: ConnectorUpdate, subject: Subject): Promise<Connector> {
    return this.call({
      operation: 'UpdateConnector',
      subject,
      method: 'put',
      path: this.connectorPath(connectorId),
      body,
      schema: Connector,
    });
  }


  deleteConnector(connectorId: string, force: boolean, subject: Subject): Promise<void> {
    return this.call<void>({
      operation: 'DeleteConnector',
      subject,
      method: 'delete',
      path: this.connectorPath(connectorId),
      query: force ? { force: true } : undefined,
    });
  }

  // ---------- Auth scheme configs ----------

  upsertAuthSchemeConfig(connectorId: string, config: AuthSchemeConfig, subject: Subject): Promise<Connector> {
    return this.call({
      operation: 'UpsertAuthSchemeConfig',
      subject,
      method: 'put',
      path: this.connectorPath(connectorId, 'auth-scheme-configs', config.id),
      body: config,
      schema: Connector,
    });
  }

  deleteAuthSchemeConfig(connectorId: string, configId: string, subject: Subject): Promise<Connector> {
    return this.call({
      operation: 'DeleteAuthSchemeConfig',
      subject,
      method: 'delete',
      path: this.connectorPath(connectorId, 'auth-scheme-configs', configId),
      schema: Connector,
    });
  }

  // ---------- Connections ----------

  listConnections(
    connectorId: string,
    query: { first?: number; after?: string },
    subject: Subject,
  ): Promise<ConnectorConnectionPage> {
    return this.call({
      operation: 'ListConnectorConnections',
      subject,
      method: 'get',
      path: this.connectorPath(connectorId, 'connections'),
      query: { ...query },
      schema: ConnectorConnectionPage,
    });
  }

  async findConnectionByName(connectorId: string, name: string, subject: Subject): Promise<ConnectionSummary | undefined> {
    let after: string | undefined;
    for (let page = 0; page < 100; page++) {
      const result = await this.listConnections(connectorId, { first: 100, after }, subject);
      const match = result.items.find((item) => item.name === name);
      if (match !== undefined) return match;
      if (result.next === undefined || result.items.length === 0) return undefined;
      after = result.next;
    }
    return undefined;
  }

  createConnection(connectorId: string, body: ConnectionCreate, subject: Subject): Promise<Connection> {
    return this.call({
      operation: 'CreateConnectorConnection',
      subject,
      method: 'post',
      path: this.connectorPath(connectorId, 'connections'),
      body,
      schema: Connection,
    });
  }

  getConnection(connectorId: string, connectionId: string, subject: Subject): Promise<Connection> {
    return this.call({
      operation: 'GetConnection',
      subject,
      method: 'get',
      path: this.connectorPath(connectorId, 'connections', connectionId),
      schema: Connection,
    });
  }

  updateConnection(connectorId: string, body: ConnectionUpdate, subject: Subject): Promise<Connection> {
    return this.call({
      operation: 'UpdateConnection',
      subject,
      method: 'put',
      path: this.connectorPath(connectorId, 'connections', body.id),
      body,
      schema: Connection,
    });
  }

  deleteConnection(connectorId: string, connectionId: string, force: boolean, subject: Subject): Promise<void> {
    return this.call<void>({
      operation: 'DeleteConnection',
      subject,
      method: 'delete',
      path: this.connectorPath(connectorId, 'connections', connectionId),
      query: force ? { force: true } : undefined,
    });
  }
}
