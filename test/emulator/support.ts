// Helpers for the emulator's contract tests: start an emulator on a free port and talk plain HTTP to it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ulid } from 'ulid';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator';

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body; undefined when the body is empty. */
  body: unknown;
}

export interface RequestOptions {
  token?: string | null;
  query?: Record<string, string>;
  rawBody?: string;
  contentType?: string;
}

/** A tiny client for one running emulator. Paths are relative to `/o/{org}` unless they start with `/_emulator` or `!`. */
export class Client {
  constructor(readonly emulator: RunningEmulator) {}

  get org(): string {
    return this.emulator.organisationId;
  }

  url(pathname: string, query?: Record<string, string>): string {
    let full: string;
    if (pathname.startsWith('/_emulator')) full = `${this.emulator.origin}${pathname}`;
    else if (pathname.startsWith('!')) full = `${this.emulator.origin}${pathname.slice(1)}`;
    else full = `${this.emulator.baseUrl}/o/${this.org}${pathname}`;
    const search = query === undefined ? '' : `?${new URLSearchParams(query).toString()}`;
    return `${full}${search}`;
  }

  async request(method: string, pathname: string, body?: unknown, options: RequestOptions = {}): Promise<HttpResult> {
    const headers: Record<string, string> = {};
    const token = options.token === undefined ? this.emulator.token : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let payload: string | undefined;
    if (options.rawBody !== undefined) payload = options.rawBody;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    const response = await fetch(this.url(pathname, options.query), { method, headers, body: payload });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  get(pathname: string, options?: RequestOptions): Promise<HttpResult> {
    return this.request('GET', pathname, undefined, options);
  }

  post(pathname: string, body: unknown, options?: RequestOptions): Promise<HttpResult> {
    return this.request('POST', pathname, body, options);
  }

  put(pathname: string, body: unknown, options?: RequestOptions): Promise<HttpResult> {
    return this.request('PUT', pathname, body, options);
  }

  delete(pathname: string, options?: RequestOptions): Promise<HttpResult> {
    return this.request('DELETE', pathname, undefined, options);
  }
}

/** Starts an emulator for one test file (mocha before/after) and gives a client for it. */
export function useEmulator(options: () => EmulatorOptions = () => ({})): { client: () => Client; emulator: () => RunningEmulator } {
  let running: RunningEmulator | undefined;
  let client: Client | undefined;
  before(async () => {
    running = await startEmulator({ port: 0, ...options() });
    client = new Client(running);
  });
  after(async () => {
    await running?.close();
  });
  return {
    client: () => {
      if (client === undefined) throw new Error('the emulator has not started');
      return client;
    },
    emulator: () => {
      if (running === undefined) throw new Error('the emulator has not started');
      return running;
    },
  };
}

export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'versori-emulator-test-'));
}

export const newUlid = (): string => ulid();

// ---------- request bodies ----------

export function apiKeyConfig(id = newUlid(), description = 'api key'): Record<string, unknown> {
  return { id, description, schemeType: 'api-key', name: 'X-API-Key', in: 'header' };
}

export function basicAuthConfig(id = newUlid()): Record<string, unknown> {
  return { id, description: 'basic', schemeType: 'basic-auth' };
}

export function oauth2Config(id = newUlid(), grant: Record<string, unknown> = { grantType: 'authorization_code', clientId: 'client-1', clientSecret: 'shh-secret' }): Record<string, unknown> {
  return {
    id,
    description: 'oauth',
    schemeType: 'oauth2',
    authorizeUrl: 'https://auth.example.com/authorize',
    tokenUrl: 'https://auth.example.com/token',
    scopes: [{ name: 'read' }, { name: 'write', description: 'write access' }],
    defaultScopes: ['read'],
    grant,
  };
}

export function httpConnectorBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: `connector-${newUlid()}`, baseUrl: 'https://api.example.com', authSchemeConfigs: [], connections: [], ...overrides };
}

export function connectionBody(
  config: Record<string, unknown>,
  credential: { type: string; data: Record<string, unknown>; name?: string },
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name: `connection-${newUlid()}`,
    variables: [],
    credentials: { action: [{ authSchemeConfig: config, credential: { name: credential.name ?? 'cred', ...credential } }] },
    ...overrides,
  };
}

/** Narrows a JSON body to an object for property access in assertions. */
export function obj(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`expected an object, got ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

export function arr(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error(`expected an array, got ${JSON.stringify(value)}`);
  return value;
}

export function fieldNames(body: unknown): string[] {
  return arr(obj(body).fields).map((f) => String(obj(f).field));
}

// ---------- hostile bodies ----------

/** JSON text of `depth` arrays, each the only element of the one around it: `[[[…]]]`. */
export function nestedArraysText(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** JSON text of an object `depth` levels deep (too deep for JSON.stringify past a few thousand levels). */
export function nestedObjectText(depth: number): string {
  return `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
}

/** An object `depth` levels deep: `{ a: { a: … {} } }` (the outermost object counts as one level). */
export function nestedObject(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let level = 1; level < depth; level++) value = { a: value };
  return value;
}
