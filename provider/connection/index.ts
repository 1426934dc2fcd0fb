// The Connection: its inputs (inputs.ts), arguments (args.ts), lifecycle (lifecycle.ts, reading back: refresh.ts)
// and resource class (resource.ts).
export { connectionLifecycle } from './lifecycle';
export { CREDENTIAL_TYPES_BY_SCHEME, ConnectionInputs } from './inputs';
export type {
  AppliedCredential,
  AuthSchemeConfigRef,
  ConnectionComputed,
  ConnectionCredentialInput,
  CredentialInput,
  CredentialList,
} from './inputs';
export type { AuthSchemeConfigReference, ConnectionArgs, ConnectionCredentialArgs, DeepInput } from './args';
export { Connection } from './resource';
