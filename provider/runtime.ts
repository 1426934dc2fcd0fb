// Run-time state of the provider process: the stack configuration handed to `configure`, and the context (settings,
// client, log) built from it, with environment overrides, on first use. Nothing here is ever serialized into state.
import type * as pulumi from '@pulumi/pulumi';
import { ENV_VARS, resolveSettings, resolveTuning, StackSettings, stackSettingsFrom } from './config';
import { clientOptionsOf, ProviderContext, providerContext } from './context';

let stackSettings: StackSettings = {};
/** The context, and what it was built from: the configured settings and the environment variables that override them. */
let cached: { stack: StackSettings; env: Array<string | undefined>; context: ProviderContext } | undefined;

/** Called through the dynamic provider's `configure` with the stack's configuration. */
export async function configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
  stackSettings = stackSettingsFrom(request.config);
  cached = undefined;
}

/** The context for the current settings; throws a configuration error (before any request) when they are incomplete. */
export function currentContext(): ProviderContext {
  // Every create, read, update and delete asks: only a change of configuration or environment builds a new context.
  const env = Object.values(ENV_VARS).map((name) => process.env[name]);
  if (cached !== undefined && cached.stack === stackSettings && cached.env.every((value, i) => value === env[i])) {
    return cached.context;
  }
  const settings = resolveSettings(stackSettings, process.env);
  cached = { stack: stackSettings, env, context: providerContext(settings, clientOptionsOf(resolveTuning(process.env))) };
  return cached.context;
}
