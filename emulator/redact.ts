// Secrets never leave the emulator: responses and the request log show every secret value as "".
import { CREDENTIAL_TYPES, REDACTED_CREDENTIAL_FIELDS, SECRET_CREDENTIAL_FIELDS, type CredentialType } from '../api/schemas';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCredentialType(type: unknown): type is CredentialType {
  return typeof type === 'string' && (CREDENTIAL_TYPES as readonly string[]).includes(type);
}

/** Stored credential data as a response shows it: every property its type redacts is present, as "". */
export function redactedData(type: CredentialType, data: Json): Json {
  const out = { ...data };
  for (const key of REDACTED_CREDENTIAL_FIELDS[type]) out[key] = '';
  return out;
}

/** Credential data as sent: its type's secret properties become ""; with no known type, every property does. */
function withoutSecretData(type: unknown, data: Json): Json {
  const secret = isCredentialType(type) ? SECRET_CREDENTIAL_FIELDS[type] : Object.keys(data);
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, secret.includes(key) ? '' : value]));
}

/**
 * A copy of any request or response body with every secret value replaced by "", valid or not: the data of anything
 * shaped like a credential (its type's secret properties when `data` is an object, all of it when it is anything
 * else) and every client secret.
 */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (!isObject(value)) return value;
  const out = Object.fromEntries(Object.entries(value).map(([key, child]) => [key, withoutSecrets(child)]));
  if (isObject(out.data)) out.data = withoutSecretData(out.type, out.data);
  else if ('data' in out && out.data !== null && out.data !== undefined) out.data = '';
  if ('clientSecret' in out) out.clientSecret = '';
  return out;
}
