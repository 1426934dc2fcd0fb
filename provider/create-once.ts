// Creating exactly once: the one place that decides what to do when a create may or may not have happened
// (connection reset, timeout, lost response, 5xx). Not to be confused with scripts/recover.ts, which repairs a stack
// after an interrupted deployment.
import { retryDelayMs, VersoriApiError, type RetryPolicy } from './client';

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
  readonly retryPolicy: RetryPolicy;
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
