// What the summary knows about our own resources beyond what the engine says: which inputs are internal, whether a
// replacement deletes the old object first, and why a property cannot change in place, in words. Everything here is
// derived from property paths and the old and new inputs of a step.
import { SECRET_KEYS as AUTH_SCHEME_CONFIG_SECRETS } from '../provider/auth-scheme-config/inputs';
import { SECRET_KEYS as CONNECTION_SECRETS } from '../provider/connection/inputs';
import { isUnknown } from '../provider/diff';
import type { ResourceKind } from '../provider/dynamic';
import { code } from './markdown';
import { topLevelProperty, type PropertyChange, type PropertyRules } from './properties';
import type { PropertyValues } from './schema';

const KIND_BY_TYPE: Record<string, ResourceKind> = {
  'pulumi-nodejs:dynamic/versori:Connector': 'connector',
  'pulumi-nodejs:dynamic/versori:AuthSchemeConfig': 'authSchemeConfig',
  'pulumi-nodejs:dynamic/versori:Connection': 'connection',
  'pulumi-nodejs:dynamic/versori:ConnectorVersion': 'connectorVersion',
  'pulumi-nodejs:dynamic/versori:ConnectorVersionPublication': 'connectorVersionPublication',
  'pulumi-nodejs:dynamic/versori:Definition': 'definition',
  'pulumi-nodejs:dynamic/versori:Action': 'action',
  'pulumi-nodejs:dynamic/versori:Trigger': 'trigger',
};

/** Which of our resources a type token is, or undefined for any other resource. */
export function versoriKind(type: string): ResourceKind | undefined {
  return KIND_BY_TYPE[type];
}

const NOUNS: Record<ResourceKind, string> = {
  connector: 'connector',
  authSchemeConfig: 'auth scheme config',
  connection: 'connection',
  connectorVersion: 'connector version',
  connectorVersionPublication: 'connector version publication',
  definition: 'definition',
  action: 'action',
  trigger: 'trigger',
};

/** How a resource of `type` is named in a sentence: "connection", or "resource" for one not ours. */
export function nounFor(type: string): string {
  const kind = versoriKind(type);
  return kind === undefined ? 'resource' : NOUNS[kind];
}

/** Inputs a provider keeps for itself and a reviewer has no use for. */
const INTERNAL: Partial<Record<ResourceKind, readonly string[]>> = {
  // The config as connections send it, derived by check from the other inputs so that it is known at preview.
  authSchemeConfig: ['config'],
  // The scheme types the program declared, so that check can judge credentials before the configs exist.
  connection: ['declaredSchemeTypes'],
};

/** True for properties never shown: the engine's own (`__provider`, any `__` key) and our providers' internal ones. */
export function isInternalProperty(type: string, path: string): boolean {
  const top = topLevelProperty(path);
  if (top.startsWith('__')) return true;
  const kind = versoriKind(type);
  return kind !== undefined && (INTERNAL[kind] ?? []).includes(top);
}

/** Inputs our providers declare secret: whatever the engine's marks say, their values are never shown. */
const SECRET_INPUTS: Partial<Record<ResourceKind, readonly string[]>> = {
  authSchemeConfig: AUTH_SCHEME_CONFIG_SECRETS,
  connection: CONNECTION_SECRETS,
};

/** What is hidden and what is secret in a resource of `type`, by property path. */
export function propertyRules(type: string): PropertyRules {
  const kind = versoriKind(type);
  return {
    hidden: (path) => isInternalProperty(type, path),
    secret: (path) => kind !== undefined && (SECRET_INPUTS[kind] ?? []).includes(topLevelProperty(path)),
  };
}

function sameOrUnknown(oldValue: unknown, newValue: unknown): boolean {
  return isUnknown(newValue) || oldValue === newValue;
}

/**
 * Whether replacing one of our resources deletes the old object before creating the new one; undefined for a
 * resource not ours. Connection names are unique per connector, so a replacement that keeps (or may keep) its name on
 * the same (or possibly the same) connector must delete first; the other kinds never do.
 */
export function deletesBeforeReplace(type: string, oldInputs: PropertyValues, newInputs: PropertyValues): boolean | undefined {
  const kind = versoriKind(type);
  if (kind === undefined) return undefined;
  if (kind !== 'connection') return false;
  return sameOrUnknown(oldInputs.name, newInputs.name) && sameOrUnknown(oldInputs.connectorId, newInputs.connectorId);
}

/** Why one of our replacements deletes first, when it does: the constraint that forces the order. */
export function deleteFirstReason(type: string, newInputs: PropertyValues): string | undefined {
  if (versoriKind(type) !== 'connection') return undefined;
  const name = isUnknown(newInputs.name) ? 'its name is not known until apply' : 'it keeps its name';
  const connector = isUnknown(newInputs.connectorId) ? 'its connector is not known until apply' : 'stays on its connector';
  return `names are unique per connector: ${name} and ${connector}`;
}

/** Why a change of a top-level property of ours needs a new object, in words. */
const REPLACE_REASONS: Partial<Record<ResourceKind, Record<string, string>>> = {
  connector: { protocol: "a connector's protocol cannot change in place" },
  authSchemeConfig: {
    connectorId: 'an auth scheme config cannot move to another connector',
    authSchemeConfigId: 'an auth scheme config keeps the id it was created with',
  },
  connection: {
    connectorId: 'a connection cannot move to another connector',
    credentials: 'a credential cannot change in place',
  },
  connectorVersion: {
    connectorId: 'a connector version cannot move to another connector',
    name: 'a connector version cannot be renamed: the name is its key',
  },
  connectorVersionPublication: {
    connectorId: 'a publication cannot move to another connector',
    versionName: 'publishing another version: it is published and this one unpublished',
  },
};

/** The sentence for a replace reason of ours, or undefined for a resource not ours or a property we do not know. */
export function replaceReasonInWords(type: string, property: string): string | undefined {
  const kind = versoriKind(type);
  return kind === undefined ? undefined : REPLACE_REASONS[kind]?.[property];
}

/** Facts worth a line of their own that follow from what changes in one of our resources. */
export function notesFor(type: string, action: string, changes: readonly PropertyChange[], inputs: PropertyValues | undefined): string[] {
  const kind = versoriKind(type);
  if (kind === undefined) return [];
  const touched = new Set(changes.map((change) => topLevelProperty(change.path)));
  const notes: string[] = [];
  if (kind === 'connector' && touched.has('connectionVariables') && action === 'update') {
    notes.push('`connectionVariables` changed: the update also rewrites the variables of every existing connection of this connector');
  }
  if (touched.size === 1 && touched.has('forceDelete')) {
    notes.push('only `forceDelete` changed: recorded in the state, no request is sent');
  }
  if (action === 'create' && typeof inputs?.adoptId === 'string') {
    notes.push(`adopts the existing ${NOUNS[kind]} ${code(inputs.adoptId)} instead of creating one`);
  }
  if (action === 'create' && inputs?.adopt === true) {
    notes.push(`adopts the existing ${NOUNS[kind]} its inputs name instead of creating one`);
  }
  if (action === 'delete' && inputs?.forceDelete === true) {
    notes.push('`forceDelete` is set: deleted even while in use');
  }
  return notes;
}
