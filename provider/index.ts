// Public API of pulumi-versori: the resources, their arguments (an Input at every level) and computed output types;
// the input schemas (zod, for validating inputs ahead of a deployment), the API client and the settings helpers.
export { Connector, ConnectorInputs } from './connector';
export type { ConnectorArgs, ConnectorComputed, ConnectorOutputs } from './connector';
export { AuthSchemeConfig, AuthSchemeConfigInputs } from './auth-scheme-config';
export type { AuthSchemeConfigArgs, AuthSchemeConfigComputed } from './auth-scheme-config';
export { Connection, ConnectionInputs, CREDENTIAL_TYPES_BY_SCHEME } from './connection';
export type {
  AppliedCredential,
  AuthSchemeConfigReference,
  ConnectionArgs,
  ConnectionComputed,
  ConnectionCredentialArgs,
  CredentialInput,
  DeepInput,
} from './connection';
export { ConnectorVersion, ConnectorVersionInputs } from './connector-version';
export type { ConnectorVersionArgs, ConnectorVersionComputed } from './connector-version';
export { ConnectorVersionPublication, ConnectorVersionPublicationInputs } from './connector-version-publication';
export type { ConnectorVersionPublicationArgs, ConnectorVersionPublicationComputed } from './connector-version-publication';
export { Definition, DefinitionInputs } from './definition';
export type { DefinitionArgs, DefinitionComputed } from './definition';
export { Action, ActionInputs } from './action';
export type { ActionArgs, ActionComputed } from './action';
export { Trigger, TriggerInputs } from './trigger';
export type { TriggerArgs, TriggerComputed } from './trigger';
export type { LinkedDefinition } from './operation';
export { VersoriApiError, VersoriClient } from './client';
export type { ClientOptions, RetryPolicy } from './client';
export { resolveSettings, VersoriConfigError, CONFIG_KEYS, ENV_VARS } from './config';
export type { VersoriSettings } from './config';
