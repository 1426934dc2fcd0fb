// Public API of pulumi-versori.
export { Connector, ConnectorInputs } from './connector';
export type { ConnectorArgs, ConnectorOutputs } from './connector';
export { AuthSchemeConfig, AuthSchemeConfigInputs } from './auth-scheme-config';
export type { AuthSchemeConfigArgs } from './auth-scheme-config';
export { Connection, ConnectionInputs, CREDENTIAL_TYPES_BY_SCHEME } from './connection';
export type {
  AppliedCredential,
  AuthSchemeConfigReference,
  ConnectionArgs,
  ConnectionCredentialArgs,
  CredentialInput,
} from './connection';
export { VersoriApiError, VersoriClient } from './client';
export type { ClientOptions, RetryPolicy } from './client';
export { resolveSettings, VersoriConfigError, CONFIG_KEYS, ENV_VARS } from './config';
export type { VersoriSettings } from './config';
