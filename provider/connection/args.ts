// What a program passes to `new Connection(...)`, and how the constructor registers it: as written, with each credential
// secret and each AuthSchemeConfig resource replaced by its `config`, whatever the shape (a wrong one is for `check`).
import * as pulumi from '@pulumi/pulumi';
import { AuthSchemeConfig, declaredSchemeTypeOf } from '../auth-scheme-config';
import { AuthSchemeConfigRef, CREDENTIAL_LISTS, ConnectionInputs, CredentialInput } from './inputs';
import { ArgsOf, DeepInput, isPlainObject, mapInput, registeredProps, secretInput } from '../resource-args';

export type { DeepInput } from '../resource-args';

/** The auth scheme config of a credential: an AuthSchemeConfig resource, or its `config` output (or `{ id, schemeType }`). */
export type AuthSchemeConfigReference = AuthSchemeConfig | pulumi.Input<AuthSchemeConfigRef>;

export interface ConnectionCredentialArgs {
  readonly authSchemeConfig: AuthSchemeConfigReference;
  /** The credential to create; its `data` is kept secret. */
  readonly credential: DeepInput<CredentialInput>;
}

/** Arguments of a Connection. */
export interface ConnectionArgs
  extends ArgsOf<Pick<ConnectionInputs, 'connectorId' | 'name' | 'variables' | 'forceDelete' | 'adoptId'>> {
  readonly credentials: {
    readonly action?: ConnectionCredentialArgs[];
    readonly trigger?: ConnectionCredentialArgs[];
  };
}

function referenceOf(ref: unknown): unknown {
  return ref instanceof AuthSchemeConfig ? ref.config : ref;
}

function registeredItem(item: unknown): unknown {
  return mapInput(item, (plain) =>
    isPlainObject(plain)
      ? Object.fromEntries(
          Object.entries(plain).map(([key, value]) => [key, key === 'authSchemeConfig' ? referenceOf(value) : secretInput(value)]),
        )
      : secretInput(plain),
  );
}

function registeredList(list: unknown): unknown {
  return mapInput(list, (plain) => (Array.isArray(plain) ? plain.map(registeredItem) : secretInput(plain)));
}

function registeredCredentials(credentials: unknown): unknown {
  return mapInput(credentials, (plain) =>
    isPlainObject(plain)
      ? Object.fromEntries(
          Object.entries(plain).map(([key, value]) => [
            key,
            (CREDENTIAL_LISTS as readonly string[]).includes(key) ? registeredList(value) : secretInput(value),
          ]),
        )
      : secretInput(plain),
  );
}

/** Per list, the scheme type given to each AuthSchemeConfig resource a credential names (null for other references). */
function declaredSchemeTypes(credentials: unknown): Record<string, unknown[]> | undefined {
  if (!isPlainObject(credentials)) return undefined;
  const declared: Record<string, unknown[]> = {};
  for (const list of CREDENTIAL_LISTS) {
    const items = credentials[list];
    if (!Array.isArray(items)) continue;
    const types = items.map((item: unknown) =>
      isPlainObject(item) && item.authSchemeConfig instanceof AuthSchemeConfig ? (declaredSchemeTypeOf(item.authSchemeConfig) ?? null) : null,
    );
    if (types.some((type) => type !== null)) declared[list] = types;
  }
  return Object.keys(declared).length > 0 ? declared : undefined;
}

/** The properties a Connection registers for `args`. */
export function connectionProps(args: unknown, propertyKeys: readonly string[]): Record<string, unknown> {
  const props = registeredProps(args, propertyKeys);
  const credentials = props.credentials;
  props.credentials = registeredCredentials(credentials);
  props.declaredSchemeTypes ??= declaredSchemeTypes(credentials);
  return props;
}
