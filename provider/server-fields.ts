// Fields only the platform sets: stripped wherever a platform object is sent back or recorded as an input.
import type { AuthSchemeConfig } from '../api/schemas';

/** An auth scheme config as it is sent: without the validation messages the platform adds. */
export function configAsSent(config: AuthSchemeConfig): AuthSchemeConfig {
  const { validationMessages: _platformOnly, ...rest } = config;
  return rest as AuthSchemeConfig;
}
