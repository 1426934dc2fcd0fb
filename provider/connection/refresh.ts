// How a Connection read from the platform maps back to inputs: on refresh, keeping what the platform cannot show
// (secret data) from the last applied inputs; on import, from the platform alone.
import { Connection as ApiConnection, ConnectionCredential as ApiConnectionCredential, REDACTED_CREDENTIAL_FIELDS } from '../../api/schemas';
import { CREDENTIAL_LISTS, ConnectionComputed, ConnectionCredentialInput, CredentialInput } from './inputs';
import { isRecord } from '../diff';
import { recordedField, type Props } from '../lifecycle';
import { configAsSent } from '../server-fields';
import { isUnmanaged } from './unmanaged';

/** Non-secret credential data from the platform, with secret fields taken from the last applied inputs. */
function credentialInputOf(item: ApiConnectionCredential, previous: unknown): ConnectionCredentialInput {
  const redacted = REDACTED_CREDENTIAL_FIELDS[item.credential.type];
  const previousData = isRecord(previous) && isRecord(previous.data) ? previous.data : {};
  const data: Record<string, unknown> = { ...item.credential.data };
  // A secret as read back (absent, "" or a mask) is opaque: only the last applied value can become an input.
  for (const field of redacted) {
    if (previousData[field] === undefined) delete data[field];
    else data[field] = previousData[field];
  }
  // A credential last applied with unmanaged secrets stays so: its secret is still only on the platform.
  const unmanaged = isUnmanaged(previous) ? { unmanagedSecrets: true } : {};
  return {
    authSchemeConfig: configAsSent(item.authSchemeConfig),
    credential: { name: item.credential.name, type: item.credential.type, ...unmanaged, data } as CredentialInput,
  };
}

/**
 * Refresh: keeps the recorded credential inputs where the platform still holds the same credential (credentials
 * cannot change in place, and secrets are never read back), and maps anything else from the platform.
 */
export function refreshedCredentials(previous: Props, connection: ApiConnection): Props {
  const recorded = isRecord(previous.credentials) ? previous.credentials : {};
  // A state without the applied credentials (another release's) still refreshes: each credential is then read anew.
  const applied = recordedField(ConnectionComputed, previous, 'appliedCredentials') ?? {};
  const out: Props = {};
  for (const list of CREDENTIAL_LISTS) {
    const items = connection.credentials[list];
    if (items === undefined) continue;
    const recordedItems = Array.isArray(recorded[list]) ? (recorded[list] as unknown[]) : [];
    const appliedItems = applied[list] ?? [];
    out[list] = items.map((item, i) => {
      const recordedItem = recordedItems[i];
      const sameCredential = appliedItems[i]?.credentialId === item.credential.id;
      if (sameCredential && isRecord(recordedItem)) {
        const ref = isRecord(recordedItem.authSchemeConfig) ? recordedItem.authSchemeConfig : {};
        const sameConfig = ref.id === item.authSchemeConfig.id && ref.schemeType === item.authSchemeConfig.schemeType;
        return sameConfig ? recordedItem : { ...recordedItem, authSchemeConfig: credentialInputOf(item, undefined).authSchemeConfig };
      }
      return credentialInputOf(item, isRecord(recordedItem) ? recordedItem.credential : undefined);
    });
  }
  return out;
}

/** Variables: keep the recorded inputs while the platform still holds each of them (it adds connector defaults). */
export function refreshedVariables(previous: Props, connection: ApiConnection): unknown {
  if (!Array.isArray(previous.variables)) return undefined;
  const held = new Map(connection.variables.map((v) => [v.name, v.value]));
  const intact = (previous.variables as unknown[]).every(
    (v) => isRecord(v) && typeof v.name === 'string' && held.get(v.name) === v.value,
  );
  return intact ? previous.variables : connection.variables;
}

export function inputsOf(connectorId: string, connection: ApiConnection): Props {
  const credentials: Props = {};
  for (const list of CREDENTIAL_LISTS) {
    const items = connection.credentials[list];
    if (items !== undefined) credentials[list] = items.map((item) => credentialInputOf(item, undefined));
  }
  return { connectorId, name: connection.name, credentials };
}
