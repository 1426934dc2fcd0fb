// What every lifecycle method that reaches the platform receives: built from the configuration (runtime.ts), or
// made by a test around a client of its own.
import { ClientOptions, VersoriClient } from './client';
import type { Tuning, VersoriSettings } from './config';

export interface ProviderContext {
  readonly settings: VersoriSettings;
  readonly client: VersoriClient;
  /** The provider's log (request lines included); silent unless request logging is on. */
  readonly log: (line: string) => void;
}

export function clientOptionsOf(tuning: Tuning): ClientOptions {
  return {
    ...(tuning.timeoutMs !== undefined ? { timeoutMs: tuning.timeoutMs } : {}),
    ...(tuning.retries !== undefined ? { retry: { retries: tuning.retries } } : {}),
    log: tuning.logRequests ? (line: string) => process.stderr.write(`${line}\n`) : undefined,
  };
}

export function providerContext(settings: VersoriSettings, options: ClientOptions = {}): ProviderContext {
  return { settings, client: new VersoriClient(settings, options), log: options.log ?? (() => undefined) };
}
