// Run-time state of the provider process: the stack configuration handed to `configure`, and the client built from
// it (with environment overrides) on first use. Nothing here is ever serialized into Pulumi state.
import { createHash } from 'node:crypto';
import type * as pulumi from '@pulumi/pulumi';
import { ClientOptions, VersoriClient } from './client';
import { resolveSettings, StackSettings, stackSettingsFrom } from './config';

let stackSettings: StackSettings = {};
let clientOptions: ClientOptions = {};
let cached: { fingerprint: string; client: VersoriClient } | undefined;

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
  const settings = resolveSettings(stackSettings, process.env);
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([settings.token, settings.organisationId, settings.baseUrl]))
    .digest('hex');
  if (cached === undefined || cached.fingerprint !== fingerprint) {
    cached = { fingerprint, client: new VersoriClient(settings, effectiveOptions()) };
  }
  return cached.client;
}
