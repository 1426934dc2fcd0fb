// Run-time state of the provider process: the stack configuration handed to `configure`, and the context (settings,
// client, log) built from it, with environment overrides, on first use. Nothing here is ever serialized into state.
import { createHash } from 'node:crypto';
import type * as pulumi from '@pulumi/pulumi';
import { resolveSettings, resolveTuning, StackSettings, stackSettingsFrom } from './config';
import { clientOptionsOf, ProviderContext, providerContext } from './context';

let stackSettings: StackSettings = {};
let cached: { fingerprint: string; context: ProviderContext } | undefined;

/** Called through the dynamic provider's `configure` with the stack's configuration. */
export async function configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
  stackSettings = stackSettingsFrom(request.config);
  cached = undefined;
}

/** The context for the current settings; throws a configuration error (before any request) when they are incomplete. */
export function currentContext(): ProviderContext {
  const settings = resolveSettings(stackSettings, process.env);
  const tuning = resolveTuning(process.env);
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([settings.token, settings.organisationId, settings.baseUrl, tuning]))
    .digest('hex');
  if (cached === undefined || cached.fingerprint !== fingerprint) {
    cached = { fingerprint, context: providerContext(settings, clientOptionsOf(tuning)) };
  }
  return cached.context;
}
