// The one HTTP client of the provider: typed calls to the Versori Connect API v1, every response parsed with zod.
import axios, { AxiosInstance, AxiosRequestConfig, AxiosResponse, Method } from 'axios';
import axiosRetry from 'axios-retry';
import {
  ApiErrorBody,
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
import { DefinitionDeletePreconditionFailed, type Category, type InlineSchema } from '../api/versions';
import { VersoriApiError, type Subject } from './api-error';
import type { ApiTransport, Call, CallOptions } from './api-transport';
import { VersionEndpoints } from './version-endpoints';
import { isLoopbackHost, VersoriSettings } from './config';
import { createOnce, CreateOnceOptions, DEFAULT_RETRY_POLICY, isRetryable, noteRetry, retryAfterMs, retryDelayMs, RetryPolicy, withinBudget } from './retry';

import { DEFAULT_MAX_LIST_PAGES, eachPage } from './paging';
export { VersoriApiError } from './api-error';
export type { Subject } from './api-error';
export { DEFAULT_RETRY_POLICY, retryDelayMs } from './retry';
export type { RetryPolicy } from './retry';


export interface ClientOptions {
  /** Per-attempt timeout. */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Receives one line per request and response; never headers or bodies. */
  readonly log?: (line: string) => void;
  /** Pages of one list read before it is given up as one that does not end (an error, never a partial answer). */
  readonly maxListPages?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface ListConnectorsQuery {
  readonly name?: string;
  readonly protocol?: Protocol;
  /** Connectors with any of these categories. */
  readonly categories?: readonly Category[];
  readonly first?: number;
  readonly after?: string;
}

export class VersoriClient implements ApiTransport {
  readonly organisationId: string;
  readonly baseUrl: string;
  private readonly http: AxiosInstance;
  private readonly log: ((line: string) => void) | undefined;
  private readonly maxListPages: number;
  /** How often and how long requests are retried; creates with an uncertain outcome follow it too. */
  readonly retryPolicy: RetryPolicy;
  /** Connector versions, their actions, triggers and definitions, and the connector's tags and categories. */
  readonly versions: VersionEndpoints = new VersionEndpoints(this);

  constructor(settings: VersoriSettings, options: ClientOptions = {}) {
    this.organisationId = settings.organisationId;
    this.baseUrl = settings.baseUrl;
    this.log = options.log;
    this.maxListPages = options.maxListPages ?? DEFAULT_MAX_LIST_PAGES;
    const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.retryPolicy = policy;
    this.http = axios.create({
      baseURL: settings.baseUrl,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      headers: { Authorization: `Bearer ${settings.token}`, Accept: 'application/json' },
      // Every status reaches our own handling; axios-retry still sees the errors we raise below for retryable ones.
      validateStatus: (status) => status >= 200 && status < 300,
      maxRedirects: 0,
      // An array parameter goes as the parameter repeated, without brackets, as the API reads `categories`.
      paramsSerializer: { indexes: null },
      // A loopback emulator must never be reached through an HTTP proxy from the environment.
      ...(isLoopbackHost(new URL(settings.baseUrl).hostname) ? { proxy: false as const } : {}),
    });
    axiosRetry(this.http, {
      // withinBudget bounds the retries: failures by policy.retries, 429s by time only.
      retries: Number.MAX_SAFE_INTEGER,
      shouldResetTimeout: true,
      retryCondition: (error) => isRetryable(error) && withinBudget(error, policy),
      retryDelay: (retryNumber, error) => {
        const delay = retryDelayMs(retryNumber, policy, retryAfterMs(error));
        const line = noteRetry(error, retryNumber, delay, policy);
        this.log?.(`versori: ${line}`);
        return delay;
      },
    });
  }

  /**
   * Runs a POST that creates an object, exactly once even when an attempt's outcome is uncertain (see createOnce),
   * under this client's retry policy.
   */
  createOnce<T>(options: Omit<CreateOnceOptions<T>, 'retryPolicy' | 'log'>): Promise<T> {
    return createOnce({ ...options, retryPolicy: this.retryPolicy, log: this.log });
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

  /** A path in the organisation: `/o/{org}` and `suffix`, which the caller has encoded. */
  orgPath(suffix: string): string {
    return `/o/${encodeURIComponent(this.organisationId)}${suffix}`;
  }

  /** The path of a connector, or of what lies below it: `connectorPath(id, 'connections', connectionId)`. */
  connectorPath(connectorId: string, ...below: string[]): string {
    return this.orgPath(`/connectors/${[connectorId, ...below].map(encodeURIComponent).join('/')}`);
  }

  /** Sends one request (logged, retried by policy); a failure becomes a VersoriApiError. */
  private async exchange(call: Call<unknown>, extra: AxiosRequestConfig = {}): Promise<AxiosResponse<unknown>> {
    const started = Date.now();
    let response: AxiosResponse<unknown>;
    this.log?.(`versori: ${call.method.toUpperCase()} ${call.path} (${call.operation})`);
    try {
      response = await this.http.request<unknown>({
        method: call.method,
        url: call.path,
        params: call.query,
        data: call.body,
        // axios labels a bodyless POST as a form; a request without a body carries no content type.
        ...(call.body === undefined ? { headers: { 'Content-Type': null } } : {}),
        versoriStartedAt: started,
        ...extra,
      });
    } catch (error) {
      throw this.toApiError(call, error);
    }
    this.log?.(`versori: ${response.status} for ${call.operation} in ${Date.now() - started} ms`);
    return response;
  }

  private invalidResponse(call: Call<unknown>, status: number, fields: Array<{ field: string; message: string }>): VersoriApiError {
    return new VersoriApiError({
      status,
      code: 'invalid_response',
      apiMessage: 'unexpected response body',
      fields,
      operation: call.operation,
      subject: call.subject,
      method: call.method,
      attempts: 1,
    });
  }

  private async call<T>(call: Call<T>): Promise<T> {
    const response = await this.exchange(call);
    if (call.schema === undefined) return undefined as T;
    const parsed = call.schema.safeParse(response.data);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => ({ field: fieldPath(issue.path) || '(body)', message: issue.message }));
      throw this.invalidResponse(call, response.status, fields);
    }
    return parsed.data;
  }

  /** A GET whose answer is a document, not JSON: its text exactly as sent, and its content type. */
  async fetchDocument(operation: string, subject: Subject, path: string): Promise<InlineSchema> {
    const call: Call<unknown> = { operation, subject, method: 'get', path };
    const response = await this.exchange(call, {
      responseType: 'text',
      transformResponse: (data: unknown) => data,
      headers: { Accept: '*/*', 'Content-Type': null },
    });
    const contentType = response.headers['content-type'];
    if (typeof response.data !== 'string' || typeof contentType !== 'string') {
      throw this.invalidResponse(call, response.status, [{ field: '(body)', message: 'expected a document with a content type' }]);
    }
    return { contentType, content: response.data };
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
    const body = ApiErrorBody.safeParse(typeof response.data === 'string' ? jsonOrText(response.data) : response.data);
    const precondition = response.status === 412 ? DefinitionDeletePreconditionFailed.safeParse(response.data) : undefined;
    return new VersoriApiError({
      referencedBy: precondition?.success ? precondition.data.definition.referencedBy : undefined,
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

  /** One endpoint call: `options` carries the body, the query and the response schema (none for empty responses). */
  send<T = void>(
    operation: string,
    subject: Subject,
    method: Method,
    path: string,
    options: CallOptions<T> = {},
  ): Promise<T> {
    return this.call({ operation, subject, method, path, ...options });
  }

  // ---------- Connectors ----------

  createHttpConnector(body: HttpConnectorCreate, subject: Subject): Promise<Connector> {
    return this.send('CreateHTTPConnector', subject, 'post', this.orgPath('/protocols/http/connectors'), { body, schema: Connector });
  }

  createBigQueryConnector(body: BigQueryConnectorCreate, subject: Subject): Promise<Connector> {
    return this.send('CreateBigQueryConnector', subject, 'post', this.orgPath('/protocols/bigquery/connectors'), { body, schema: Connector });
  }

  listConnectors(query: ListConnectorsQuery, subject: Subject = 'connectors'): Promise<ConnectorPage> {
    return this.send('ListConnectors', subject, 'get', this.orgPath('/connectors'), { query: { ...query }, schema: ConnectorPage });
  }

  /** Each page of the connectors `filters` match, 100 a request, first to last; `what` names the list in errors. */
  connectorPages(filters: Omit<ListConnectorsQuery, 'first' | 'after'>, what: string, subject: Subject): AsyncGenerator<readonly Connector[]> {
    return eachPage(what, this.maxListPages, async (after) => {
      const page = await this.listConnectors({ ...filters, first: 100, after }, subject);
      return { items: page.connectors, next: page.next };
    });
  }

  /** Every connector with exactly this name (the name filter of the API may match more loosely), from every page. */
  async findConnectorsByName(name: string, subject: Subject): Promise<Connector[]> {
    const found: Connector[] = [];
    const pages = eachPage(`the connectors named "${name}"`, this.maxListPages, async (after) => {
      const page = await this.listConnectors({ name, first: 100, after }, subject);
      return { items: page.connectors, next: page.next };
    });
    for await (const connectors of pages) found.push(...connectors.filter((c) => c.name === name));
    return found;
  }

  getConnector(connectorId: string, subject: Subject): Promise<Connector> {
    return this.send('GetConnector', subject, 'get', this.connectorPath(connectorId), { schema: Connector });
  }

  updateConnector(connectorId: string, body: ConnectorUpdate, subject: Subject): Promise<Connector> {
    return this.send('UpdateConnector', subject, 'put', this.connectorPath(connectorId), { body, schema: Connector });
  }

  deleteConnector(connectorId: string, force: boolean, subject: Subject): Promise<void> {
    return this.send('DeleteConnector', subject, 'delete', this.connectorPath(connectorId), { query: forceQuery(force) });
  }

  // ---------- Auth scheme configs ----------

  upsertAuthSchemeConfig(connectorId: string, config: AuthSchemeConfig, subject: Subject): Promise<Connector> {
    const path = this.connectorPath(connectorId, 'auth-scheme-configs', config.id);
    return this.send('UpsertAuthSchemeConfig', subject, 'put', path, { body: config, schema: Connector });
  }

  deleteAuthSchemeConfig(connectorId: string, configId: string, subject: Subject): Promise<Connector> {
    const path = this.connectorPath(connectorId, 'auth-scheme-configs', configId);
    return this.send('DeleteAuthSchemeConfig', subject, 'delete', path, { schema: Connector });
  }

  // ---------- Connections ----------

  listConnections(connectorId: string, query: { first?: number; after?: string }, subject: Subject): Promise<ConnectorConnectionPage> {
    const path = this.connectorPath(connectorId, 'connections');
    return this.send('ListConnectorConnections', subject, 'get', path, { query: { ...query }, schema: ConnectorConnectionPage });
  }

  /** The connection of this name on the connector, read page by page until found or the list ends. */
  async findConnectionByName(connectorId: string, name: string, subject: Subject): Promise<ConnectionSummary | undefined> {
    const pages = eachPage(`the connections of connector ${connectorId}`, this.maxListPages, async (after) =>
      this.listConnections(connectorId, { first: 100, after }, subject),
    );
    for await (const items of pages) {
      const match = items.find((item) => item.name === name);
      if (match !== undefined) return match;
    }
    return undefined;
  }

  createConnection(connectorId: string, body: ConnectionCreate, subject: Subject): Promise<Connection> {
    const path = this.connectorPath(connectorId, 'connections');
    return this.send('CreateConnectorConnection', subject, 'post', path, { body, schema: Connection });
  }

  getConnection(connectorId: string, connectionId: string, subject: Subject): Promise<Connection> {
    const path = this.connectorPath(connectorId, 'connections', connectionId);
    return this.send('GetConnection', subject, 'get', path, { schema: Connection });
  }

  updateConnection(connectorId: string, body: ConnectionUpdate, subject: Subject): Promise<Connection> {
    const path = this.connectorPath(connectorId, 'connections', body.id);
    return this.send('UpdateConnection', subject, 'put', path, { body, schema: Connection });
  }

  deleteConnection(connectorId: string, connectionId: string, force: boolean, subject: Subject): Promise<void> {
    const path = this.connectorPath(connectorId, 'connections', connectionId);
    return this.send('DeleteConnection', subject, 'delete', path, { query: forceQuery(force) });
  }
}

function forceQuery(force: boolean): Call<void>['query'] {
  return force ? { force: true } : undefined;
}

/** An error body read as text (a document request): its JSON, or the text when it is not JSON. */
function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
