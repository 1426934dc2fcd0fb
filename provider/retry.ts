// Retries, in one place: the policy the client applies to every request (which failures are retried, how long to
// wait, when to give up), and creating exactly once when a create's outcome is uncertain.
import type { AxiosError } from 'axios';
import { VersoriApiError } from './api-error';

export interface RetryPolicy {
  /** Retries after the first attempt, of failures other than 429: a throttled request is retried within `maxThrottledMs`. */
  readonly retries: number;
  /** Delay before the first retry; doubles on each retry. */
  readonly baseDelayMs: number;
  /** Upper bound of any single delay, including one asked for by `Retry-After`. */
  readonly maxDelayMs: number;
  /**
   * No retry starts later than this after the first attempt began (attempt timeouts come on top), not counting the
   * time spent waiting after 429s.
   */
  readonly maxElapsedMs: number;
  /**
   * No retry after a 429 (rate limited, so not processed: waiting is always safe) starts later than this after the
   * first attempt began: a throttled request waits its turn, however often it is throttled, this long.
   */
  readonly maxThrottledMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 8, baseDelayMs: 250, maxDelayMs: 10_000, maxElapsedMs: 60_000, maxThrottledMs: 300_000 };

/**
 * Statuses after which an idempotent request is sent again: "try again later", and 500, since repeating an
 * idempotent request is harmless whether or not the failed attempt took effect.
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);
const IDEMPOTENT_METHODS = new Set(['get', 'head', 'options', 'put', 'delete']);

export function retryAfterMs(error: AxiosError): number {
  const header = error.response?.headers?.['retry-after'] as unknown;
  if (typeof header !== 'string' && typeof header !== 'number') return 0;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(String(header));
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : 0;
}

/** The backoff step of a retry (1 for the first): the base delay, doubled on each retry. */
function backoffStepMs(retryNumber: number, policy: Pick<RetryPolicy, 'baseDelayMs'>): number {
  return policy.baseDelayMs * 2 ** Math.max(0, retryNumber - 1);
}

/**
 * Exponential backoff with jitter (50-100% of the step, or `jitter` of it when given), at least what `Retry-After`
 * asks, capped.
 */
export function retryDelayMs(
  retryNumber: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  askedMs = 0,
  jitter = 0.5 + Math.random() * 0.5,
): number {
  return Math.min(policy.maxDelayMs, Math.max(backoffStepMs(retryNumber, policy) * jitter, askedMs));
}

/**
 * Idempotent requests are retried on network errors, timeouts and 429/500/502/503/504. A POST is retried only when it
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
    /** Retries of this call after failures other than 429. */
    versoriFailureRetries?: number;
    /** Milliseconds this call has waited after 429s. */
    versoriThrottledMs?: number;
  }
}

const isThrottled = (error: AxiosError): boolean => error.response?.status === 429;

/**
 * Whether a retry may still start: a 429 within `maxThrottledMs` of the first attempt; any other failure within the
 * retry count and within `maxElapsedMs` of the first attempt, less the time spent throttled (the next delay included).
 */
export function withinBudget(error: AxiosError, policy: RetryPolicy): boolean {
  const config = error.config;
  if (!isThrottled(error) && (config?.versoriFailureRetries ?? 0) >= policy.retries) return false;
  const startedAt = config?.versoriStartedAt;
  if (startedAt === undefined) return true;
  const retryNumber = (config?.['axios-retry']?.retryCount ?? 0) + 1;
  const nextDelay = retryDelayMs(retryNumber, policy, retryAfterMs(error), 0.5);
  const elapsed = Date.now() - startedAt + nextDelay;
  return isThrottled(error) ? elapsed <= policy.maxThrottledMs : elapsed - (config?.versoriThrottledMs ?? 0) <= policy.maxElapsedMs;
}

/** Records in the call's config that retry `retryNumber` (of all) will wait `delayMs`; a line for the log. */
export function noteRetry(error: AxiosError, retryNumber: number, delayMs: number, policy: RetryPolicy): string {
  const config = error.config;
  const what = `${String(config?.method).toUpperCase()} ${config?.url}`;
  if (isThrottled(error)) {
    if (config !== undefined) config.versoriThrottledMs = (config.versoriThrottledMs ?? 0) + delayMs;
    return `retry ${retryNumber} of ${what} after 429 (rate limited), in ${Math.round(delayMs)} ms`;
  }
  const failures = (config?.versoriFailureRetries ?? 0) + 1;
  if (config !== undefined) config.versoriFailureRetries = failures;
  return `retry ${failures}/${policy.retries} of ${what} after ${error.response?.status ?? error.code ?? 'network error'}`;
}

export interface ExistingObject<T> {
  readonly value: T;
  /** Whether the object is what this create asked for. */
  readonly matches: boolean;
  /** What exists, for the error message when it does not match (e.g. `connector 01H... with baseUrl ...`). */
  readonly description: string;
}

export interface CreateOnceOptions<T> {
  /** E.g. `Connector "crm"`. */
  readonly subject: string;
  readonly create: () => Promise<T>;
  /** Finds the object this create would have made (by name, or by the client-generated id). */
  readonly lookup: () => Promise<ExistingObject<T> | undefined>;
  /**
   * Bounds the attempts (`retries` + 1, within `maxElapsedMs`) and spaces them (backoff with jitter), as the client
   * does for requests it can repeat safely.
   */
  readonly retryPolicy: Omit<RetryPolicy, 'maxThrottledMs'>;
  readonly log?: (line: string) => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function isConflict(error: VersoriApiError): boolean {
  return error.status === 409;
}

/**
 * Runs `create`; after an ambiguous failure it looks the object up and adopts it when it matches what was asked,
 * retries the create when nothing exists, and fails saying what exists otherwise. A conflict (409) on a create that
 * never failed ambiguously is not adopted: something else made that object.
 */
export async function createOnce<T>(options: CreateOnceOptions<T>): Promise<T> {
  const policy = options.retryPolicy;
  const maxAttempts = policy.retries + 1;
  const startedAt = Date.now();
  let ambiguousBefore = false;
  let lastError: VersoriApiError | undefined;
  let attempts = 0;
  while (attempts < maxAttempts) {
    if (attempts > 0) {
      const delay = retryDelayMs(attempts, policy);
      if (Date.now() - startedAt + delay > policy.maxElapsedMs) break;
      await sleep(delay);
    }
    attempts++;
    try {
      return await options.create();
    } catch (error) {
      if (!(error instanceof VersoriApiError)) throw error;
      lastError = error;
      const conflict = isConflict(error);
      if (!error.ambiguous && !conflict) throw error;
      const mayBeOurs: boolean = ambiguousBefore || error.ambiguous;
      ambiguousBefore = mayBeOurs;
      const existing = await options.lookup();
      if (existing !== undefined) {
        if (existing.matches && mayBeOurs) {
          options.log?.(`versori: adopted ${options.subject} after an uncertain create (${error.message})`);
          return existing.value;
        }
        const reason = existing.matches
          ? `${options.subject} already exists as ${existing.description}, created outside this deployment. Import it with the \`import\` resource option or choose another name.`
          : `${options.subject} could not be created: ${existing.description} already exists and differs from what was asked. Delete or rename it, or import it with the \`import\` resource option.`;
        throw new Error(reason);
      }
      if (conflict) throw error;
      options.log?.(`versori: ${options.subject} was not created (${error.message}); trying again`);
    }
  }
  throw new Error(
    `Gave up creating ${options.subject} after ${attempts} attempts in ${Math.round((Date.now() - startedAt) / 1000)} s: ${lastError?.message ?? 'unknown error'}`,
  );
}
