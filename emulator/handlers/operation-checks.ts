// Request checks and validation shared by actions and triggers (§S6): link sets, responses, parameters, `errors`.
import type { ActionHTTPParameter, OperationError } from '../../api/versions';
import { invalidField } from '../errors';
import type { StoredLink, StoredOperation, StoredVersion } from '../version-store';

/** The index of the first link that repeats a definition or shares a media type with an earlier one, else -1. */
export function linkSetClash(definitionIds: readonly string[], acceptOf: (id: string) => readonly string[]): number {
  const seenTypes = new Set<string>();
  for (let i = 0; i < definitionIds.length; i++) {
    const id = definitionIds[i] ?? '';
    if (definitionIds.indexOf(id) < i) return i;
    const types = acceptOf(id).map((t) => t.toLowerCase());
    if (types.some((t) => seenTypes.has(t))) return i;
    for (const t of types) seenTypes.add(t);
  }
  return -1;
}

export function linkSetsOf(op: StoredOperation): StoredLink[][] {
  return [...(op.requestBody === undefined ? [] : [op.requestBody.links]), ...op.responses.map((r) => r.links)];
}

/** UpdateDefinition: a new `accept` must not make any link set hold two definitions sharing a media type (400). */
export function checkLinkSetsAfterAcceptChange(version: StoredVersion, definitionId: string, accept: readonly string[]): void {
  const acceptOf = (id: string): readonly string[] => (id === definitionId ? accept : (version.definitions.find((d) => d.id === id)?.accept ?? []));
  for (const op of [...version.actions, ...version.triggers]) {
    for (const links of linkSetsOf(op)) {
      const ids = links.map((l) => l.definitionId);
      if (ids.includes(definitionId) && linkSetClash(ids, acceptOf) !== -1) {
        throw invalidField('accept', `would give ${op.name} two linked definitions sharing a media type`);
      }
    }
  }
}

/** 400 for two responses with one status, or more than one default response. */
export function checkResponseStatuses(statuses: ReadonlyArray<number | undefined>): void {
  statuses.forEach((status, i) => {
    if (statuses.indexOf(status) < i) {
      throw invalidField(`responses[${i}].status`, status === undefined ? 'only one response may be the default (no status)' : `${status} is given twice`);
    }
  });
}

/** 400 for two parameters with the same name and location. */
export function checkParameters(parameters: ReadonlyArray<{ name: string; in: string }>): void {
  parameters.forEach((p, i) => {
    if (parameters.findIndex((q) => q.name === p.name && q.in === p.in) < i) throw invalidField(`parameters[${i}]`, `(${p.name}, ${p.in}) is given twice`);
  });
}

const PARAM_PLACEHOLDER = /\{\{\s*param\.([^\s}]+)\s*\}\}/g;

/** The validation result: never rejects a write, only blocks publishing at severity error. */
export function validateOperation(op: { path?: string; parameters: readonly ActionHTTPParameter[]; responses: readonly unknown[] }): OperationError[] {
  const errors: OperationError[] = [];
  if (op.responses.length === 0) errors.push({ field: '/responses', message: 'at least one response is needed', severity: 'error' });
  if (op.path === undefined) return errors;
  const used = new Set([...op.path.matchAll(PARAM_PLACEHOLDER)].map((m) => m[1] ?? ''));
  const pathParams = new Set(op.parameters.filter((p) => p.in === 'path').map((p) => p.name));
  const missing = [...used].filter((name) => !pathParams.has(name));
  if (missing.length > 0) errors.push({ field: '/path', message: `no path parameter named ${missing.join(', ')}`, severity: 'error' });
  op.parameters.forEach((p, i) => {
    if (p.in === 'path' && !used.has(p.name)) errors.push({ field: `/parameters/${i}`, message: `path parameter ${p.name} is not used in path`, severity: 'warning' });
  });
  return errors;
}
