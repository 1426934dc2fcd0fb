// Credentials whose secrets are unmanaged (`unmanagedSecrets: true`): the platform keeps those secrets as it holds
// them, so the provider adopts and updates such a connection in place, but never creates or replaces one.
import { CREDENTIAL_LISTS, CREDENTIAL_TYPES, SECRET_CREDENTIAL_FIELDS, type CredentialType } from '../../api/schemas';
import type * as pulumi from '@pulumi/pulumi';
import { isRecord, type DetailedDiffResult } from '../diff';

function secretFieldsOf(type: unknown): readonly string[] {
  return (CREDENTIAL_TYPES as readonly unknown[]).includes(type) ? SECRET_CREDENTIAL_FIELDS[type as CredentialType] : [];
}

/** Whether a credential leaves its secret data to the platform: flagged, and of a type that has secret data. */
export function isUnmanaged(credential: unknown): credential is Record<string, unknown> {
  return isRecord(credential) && credential.unmanagedSecrets === true && secretFieldsOf(credential.type).length > 0;
}

/** Credential data as `diff` compares it: the secret fields are never compared when the declared credential leaves them out. */
export function comparedData(data: unknown, declared: Record<string, unknown>): unknown {
  if (!isUnmanaged(declared) || !isRecord(data)) return data;
  const secret = secretFieldsOf(declared.type);
  return Object.fromEntries(Object.entries(data).filter(([field]) => !secret.includes(field)));
}

interface UnmanagedCredential {
  /** e.g. `credentials.action[0].credential` */
  readonly path: string;
  readonly secretFields: readonly string[];
}

function unmanagedIn(credentials: unknown): UnmanagedCredential[] {
  if (!isRecord(credentials)) return [];
  return CREDENTIAL_LISTS.flatMap((list) => {
    const items = credentials[list];
    if (!Array.isArray(items)) return [];
    return items.flatMap((item: unknown, i) => {
      const credential = isRecord(item) ? item.credential : undefined;
      if (!isUnmanaged(credential)) return [];
      return [{ path: `credentials.${list}[${i}].credential`, secretFields: secretFieldsOf(credential.type) }];
    });
  });
}

function unmanagedFields(credentials: unknown): string[] {
  return unmanagedIn(credentials).flatMap((c) => c.secretFields.map((field) => `${c.path}.data.${field}`));
}

const NEEDED = 'a new connection needs';
const REMEDY = '(and drop unmanagedSecrets), or adopt the existing connection (the import option or adoptId)';

/** At `check` of a connection with no state and nothing to adopt, so that the preview fails before anything is made. */
export function unmanagedCreateFailures(credentials: unknown): pulumi.dynamic.CheckFailure[] {
  return unmanagedFields(credentials).map((property) => ({ property, reason: `is unmanaged: ${NEEDED} it; set it ${REMEDY}` }));
}

/** Before a create (not an adoption) sends anything: a new connection cannot be made without the secrets. */
export function refuseUnmanagedCreate(subject: string, credentials: unknown): void {
  const fields = unmanagedFields(credentials);
  if (fields.length === 0) return;
  const [verb, pronoun] = fields.length === 1 ? ['is', 'it'] : ['are', 'them'];
  throw new Error(`${subject}: ${fields.join(', ')} ${verb} unmanaged: ${NEEDED} ${pronoun}; set ${pronoun} ${REMEDY}`);
}

/**
 * At `diff`, so that the preview itself fails: a replacement creates a new connection, and the secret of an unmanaged
 * credential, declared so now or when last applied, is only on the platform, which never returns it.
 */
export function refuseUnmanagedReplacement(subject: string, olds: Record<string, unknown>, news: Record<string, unknown>, diff: DetailedDiffResult): void {
  if (diff.replaces.length === 0) return;
  const declared = unmanagedIn(news.credentials).map((c) => c.path);
  const applied = unmanagedIn(olds.credentials).map((c) => c.path).filter((path) => !declared.includes(path));
  if (declared.length === 0 && applied.length === 0) return;
  const forcing = Object.entries(diff.detailedDiff).flatMap(([path, kind]) => (kind.endsWith('-replace') ? [path] : []));
  const held = [
    ...declared.map((path) => `${path} is unmanaged (unmanagedSecrets: true)`),
    ...applied.map((path) => `${path} was last applied unmanaged`),
  ];
  throw new Error(
    `${subject}: ${forcing.join(', ')} would replace the connection, but ${held.join(', ')}: the platform's secret cannot be ` +
      'carried over to a new connection, so it is not replaced. Undo that change, or first give the secret data (dropping ' +
      'unmanagedSecrets) and apply it with an in-place change (the secret is recorded at the next update).',
  );
}
