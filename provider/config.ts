// Resolution of the provider's settings: stack config (`versori:*`), overridden by environment variables.
import { PRODUCTION_BASE_URL } from '../api/schemas';

export interface VersoriSettings {
  readonly token: string;
  readonly organisationId: string;
  readonly baseUrl: string;
}

/** Raw values as they come from `pulumi config` (each may be absent). */
export interface StackSettings {
  readonly token?: string;
  readonly organisationId?: string;
  readonly baseUrl?: string;
}

export const CONFIG_KEYS = {
  token: 'versori:token',
  organisationId: 'versori:organisationId',
  baseUrl: 'versori:baseUrl',
} as const;

/** Every environment variable the provider reads. */
export const ENV_VARS = {
  token: 'VERSORI_TOKEN',
  organisationId: 'VERSORI_ORGANISATION_ID',
  baseUrl: 'VERSORI_BASE_URL',
  /** Per-attempt timeout of a request, in milliseconds. */
  timeoutMs: 'VERSORI_TIMEOUT_MS',
  /** Retries after the first attempt. */
  maxRetries: 'VERSORI_MAX_RETRIES',
  /** `1` or `true`: one line per request and retry on stderr (the engine log), never headers or bodies. */
  logRequests: 'VERSORI_LOG_REQUESTS',
} as const;

/** How requests are made, from the environment only; absent values leave the client's defaults. */
export interface Tuning {
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly logRequests: boolean;
}

export class VersoriConfigError extends Error {
  override readonly name = 'VersoriConfigError';
}

/** Reads the `versori:*` keys from anything shaped like Pulumi's dynamic `Config`. */
export function stackSettingsFrom(config: { get(key: string): string | undefined }): StackSettings {
  return {
    token: config.get(CONFIG_KEYS.token),
    organisationId: config.get(CONFIG_KEYS.organisationId),
    baseUrl: config.get(CONFIG_KEYS.baseUrl),
  };
}

function firstNonEmpty(...values: Array<string | undefined>): string | undefined {
  for (const value of values) {
    if (value !== undefined && value.trim() !== '') return value.trim();
  }
  return undefined;
}

const LOOPBACK_HOSTS = new Set(['localhost', '::1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Returns the base URL without a trailing slash, or throws if it is not https (plain http only for loopback). */
export function validateBaseUrl(raw: string, source: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new VersoriConfigError(`${source} is not a valid URL: "${raw}"`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new VersoriConfigError(`${source} must not carry credentials in the URL; use versori:token instead`);
  }
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new VersoriConfigError(
      `${source} must use https (plain http is only allowed for loopback addresses such as 127.0.0.1), got "${url.origin}"`,
    );
  }
  return url.toString().replace(/\/+$/, '');
}

/**
 * Environment variables win over stack config. A missing token or organisation is an error here, before any request.
 */
export function resolveSettings(stack: StackSettings, env: NodeJS.ProcessEnv = process.env): VersoriSettings {
  const token = firstNonEmpty(env[ENV_VARS.token], stack.token);
  const organisationId = firstNonEmpty(env[ENV_VARS.organisationId], stack.organisationId);
  const envBaseUrl = firstNonEmpty(env[ENV_VARS.baseUrl]);
  const stackBaseUrl = firstNonEmpty(stack.baseUrl);

  const missing: string[] = [];
  if (token === undefined) {
    missing.push(`a token (run \`pulumi config set --secret ${CONFIG_KEYS.token} <api key>\` or set ${ENV_VARS.token})`);
  }
  if (organisationId === undefined) {
    missing.push(
      `an organisation (run \`pulumi config set ${CONFIG_KEYS.organisationId} <organisation id>\` or set ${ENV_VARS.organisationId})`,
    );
  }
  if (token === undefined || organisationId === undefined) {
    throw new VersoriConfigError(`The Versori provider is not configured: it needs ${missing.join(' and ')}.`);
  }

  const baseUrl =
    envBaseUrl !== undefined
      ? validateBaseUrl(envBaseUrl, ENV_VARS.baseUrl)
      : stackBaseUrl !== undefined
        ? validateBaseUrl(stackBaseUrl, CONFIG_KEYS.baseUrl)
        : PRODUCTION_BASE_URL;
  return { token, organisationId, baseUrl };
}

function envNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

export function resolveTuning(env: NodeJS.ProcessEnv = process.env): Tuning {
  const logRequests = env[ENV_VARS.logRequests];
  return {
    timeoutMs: envNumber(env, ENV_VARS.timeoutMs),
    retries: envNumber(env, ENV_VARS.maxRetries),
    logRequests: logRequests === '1' || logRequests === 'true',
  };
}
