// A limit a generated program can reach before the API's: Pulumi's Node.js language host hands the program its whole
// stack config in one environment variable (PULUMI_CONFIG), and Linux caps one such string at 128 KiB
// (MAX_ARG_STRLEN), so a stack with too many secrets fails to start its program with "argument list too long"
// (pulumi/pulumi#8680).
import type { RequiredSecret } from './program';

export const CONFIG_LIMIT_BYTES = 128 * 1024;
/** The length of a secret's value the estimate assumes: API keys and tokens are typically 32 to 64 characters. */
export const ASSUMED_SECRET_BYTES = 48;
/** The provider's own settings in the same config (token, organisation, base URL), generously. */
const SETTINGS_BYTES = 512;

/** PULUMI_CONFIG's bytes for a stack of `project` holding `secrets`, each value {@link ASSUMED_SECRET_BYTES} long. */
export function estimatedConfigBytes(project: string, secrets: readonly RequiredSecret[]): number {
  const value = 'x'.repeat(ASSUMED_SECRET_BYTES);
  return Buffer.byteLength(JSON.stringify(Object.fromEntries(secrets.map((s) => [`${project}:${s.key}`, value])))) + SETTINGS_BYTES;
}

/** A warning when the stack config of `project` would pass the limit; none when it fits. */
export function configSizeWarnings(project: string, secrets: readonly RequiredSecret[]): string[] {
  const bytes = estimatedConfigBytes(project, secrets);
  if (bytes <= CONFIG_LIMIT_BYTES) return [];
  return [
    `project ${project} reads ${secrets.length} secrets from its stack config, about ${Math.round(bytes / 1024)} KiB with ` +
    `${ASSUMED_SECRET_BYTES}-character values: Pulumi's Node.js language host passes the whole config to the program in ` +
    `one environment variable, which Linux caps at ${CONFIG_LIMIT_BYTES / 1024} KiB (pulumi/pulumi#8680), so its ` +
    '`pulumi up` would likely fail with "argument list too long": split the organisation with --split-by-tag',
  ];
}
