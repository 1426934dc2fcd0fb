// Run-time state of the provider process: the stack configuration handed to `configure`, and the client built from
// it (with environment overrides) on first use. Nothing here is ever serialized into Pulumi state.
import type * as pulumi from '@pulumi/pulumi';
import { ClientOptions, VersoriClient } from './client';
import { ENV_VARS, resolveSettings, StackSettings, stackSettingsFrom } from './config';

let stackSettings: StackSettings = {};
let clientOptions: ClientOptions = {};
/** The client, and what it was built from: the configured settings and the environment variables that override them. */
let cached: { stack: StackSettings; env: Array<string | undefined>; client: VersoriClient } | undefined;

/** Called through the dynamic provider's `configure` with the stack's configuration. */
export async function configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
  stackSettings = stackSettingsFrom(request.config);
  cached = undefined;
}

/** Replaces the client's timeout/retry/log options (tests use short delays). */
export function setClientOptions(options: ClientOptions): void {
  clientOptions = options;
  cached = undefined;
}

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

function effectiveOptions(): ClientOptions {
  const retries = envNumber('VERSORI_MAX_RETRIES');
  const timeoutMs = envNumber('VERSORI_TIMEOUT_MS');
  const logRequests = process.env.VERSORI_LOG_REQUESTS === '1' || process.env.VERSORI_LOG_REQUESTS === 'true';
  return {
    ...clientOptions,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    retry: { ...clientOptions.retry, ...(retries !== undefined ? { retries } : {}) },
    log: clientOptions.log ?? (logRequests ? (line: string) => process.stderr.write(`${line}\n`) : undefined),
  };
}

/** The client for the current settings; throws a configuration error (before any request) when they are incomplete. */
export function currentClient(): VersoriClient {
  // Every create, read, update and delete asks: only a change of configuration or environment builds a new client.
  const env = [process.env[ENV_VARS.token], process.env[ENV_VARS.organisationId], process.env[ENV_VARS.baseUrl]];
  if (cached !== undefined && cached.stack === stackSettings && cached.env.every((value, i) => value === env[i])) return cached.client;
  const settings = resolveSettings(stackSettings, process.env);
  cached = { stack: stackSettings, env, client: new VersoriClient(settings, effectiveOptions()) };
  return cached.client;
}

export function providerLog(line: string): void {
  effectiveOptions().log?.(line);
}
