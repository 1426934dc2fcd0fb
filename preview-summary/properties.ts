// What changed in one resource, property by property: from the engine's detailed diff when it gives one, otherwise
// by comparing the old and new inputs. Values are looked up by property path and classified, so that a secret is only
// ever known as a secret and an unknown as an unknown.
import { containsUnknown, deepEqual, isRecord, isUnknown } from '../provider/diff';
import type { PropertyDiff, PropertyValues, ResourceState, Step } from './schema';

/** How the engine writes a secret value in `--json` output. */
export const SECRET = '[secret]';

export type Value =
  | { readonly state: 'absent' }
  | { readonly state: 'secret' }
  | { readonly state: 'unknown' }
  | { readonly state: 'known'; readonly value: unknown };

export interface PropertyChange {
  readonly path: string;
  readonly kind: 'add' | 'delete' | 'update';
  /** The engine or provider says this change needs a new object. */
  readonly replaces: boolean;
  readonly old: Value;
  readonly new: Value;
}

export type PathSegment = string | number;

/** What is known of a resource's properties beyond the values' own marks (versori.ts gives them for a type). */
export interface PropertyRules {
  /** Never shown: the engine's own inputs, and those a provider keeps for itself. */
  hidden(path: string): boolean;
  /** Always a secret, marked or not. */
  secret(path: string): boolean;
}

/**
 * Splits a property path as the engine writes it: `a.b`, `list[0]`, `tags["key.with.dots"]`. In a quoted key the
 * engine escapes only `"` (as `\\"`) and writes every other character as it is, line breaks and backslashes included.
 */
export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  const pattern = /\[(\d+)\]|\["((?:\\"|[^"])*)"\]|\.?([^.[\]]+)/gs;
  for (let match = pattern.exec(path); match !== null; match = pattern.exec(path)) {
    if (match[1] !== undefined) segments.push(Number(match[1]));
    else if (match[2] !== undefined) segments.push(match[2].replace(/\\"/g, '"'));
    else segments.push(match[3]);
  }
  return segments;
}

/** The first segment of a path: the property of the resource it is in. */
export function topLevelProperty(path: string): string {
  const first = parsePath(path)[0];
  return first === undefined ? path : String(first);
}

/** The value at `path`; a secret or unknown met on the way stands for everything below it. */
export function valueAt(values: PropertyValues | undefined, path: readonly PathSegment[]): Value {
  let current: unknown = values;
  for (const segment of path) {
    if (current === SECRET) return { state: 'secret' };
    if (isUnknown(current)) return { state: 'unknown' };
    if (typeof segment === 'number' && Array.isArray(current)) current = current[segment];
    else if (typeof segment === 'string' && isRecord(current)) current = current[segment];
    else return { state: 'absent' };
  }
  return classify(current);
}

export function containsSecret(value: unknown): boolean {
  if (value === SECRET) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (isRecord(value)) return Object.values(value).some(containsSecret);
  return false;
}

/** A value as shown: one that holds a secret anywhere is a secret as a whole. */
export function classify(value: unknown): Value {
  if (value === undefined || value === null) return { state: 'absent' };
  if (containsSecret(value)) return { state: 'secret' };
  if (isUnknown(value)) return { state: 'unknown' };
  return { state: 'known', value };
}

/** Whether a state marks the property at `path` secret: in its inputs or outputs, or as an additional secret output. */
function stateMarksSecret(state: ResourceState | null | undefined, path: readonly PathSegment[]): boolean {
  if (state === null || state === undefined) return false;
  if (path.length > 0 && (state.additionalSecretOutputs ?? []).includes(String(path[0]))) return true;
  return valueAt(state.inputs, path).state === 'secret' || valueAt(state.outputs, path).state === 'secret';
}

/**
 * A value as it may be shown: a secret wherever the rules or either state say the property is one, even when the
 * value itself is not marked (a state an engine or provider wrote without the mark must not show it either).
 */
function guarded(value: Value, path: string, states: ReadonlyArray<ResourceState | null | undefined>, rules: PropertyRules): Value {
  if (value.state !== 'known') return value;
  const segments = parsePath(path);
  return rules.secret(path) || states.some((state) => stateMarksSecret(state, segments)) ? { state: 'secret' } : value;
}

function joinPath(parent: string, segment: PathSegment): string {
  if (typeof segment === 'number') return `${parent}[${segment}]`;
  if (/^[A-Za-z_$][\w$-]*$/.test(segment)) return parent === '' ? segment : `${parent}.${segment}`;
  return `${parent}["${segment.replace(/"/g, '\\"')}"]`;
}

function kindOf(oldValue: unknown, newValue: unknown): PropertyChange['kind'] {
  if (oldValue === undefined || oldValue === null) return 'add';
  if (newValue === undefined || newValue === null) return 'delete';
  return 'update';
}

/** Paths where two input trees differ, down to the first secret, unknown or differently shaped value. */
export function differingPaths(oldValue: unknown, newValue: unknown, path = ''): Array<{ path: string; kind: PropertyChange['kind'] }> {
  if (deepEqual(oldValue, newValue)) return [];
  if (isRecord(oldValue) && isRecord(newValue)) {
    const keys = [...new Set([...Object.keys(oldValue), ...Object.keys(newValue)])].sort();
    return keys.flatMap((key) => differingPaths(oldValue[key], newValue[key], joinPath(path, key)));
  }
  if (Array.isArray(oldValue) && Array.isArray(newValue)) {
    const length = Math.max(oldValue.length, newValue.length);
    return Array.from({ length }, (_, i) => differingPaths(oldValue[i], newValue[i], joinPath(path, i))).flat();
  }
  return [{ path, kind: kindOf(oldValue, newValue) }];
}

function kindOfDiff(diff: PropertyDiff): PropertyChange['kind'] {
  if (diff.kind.startsWith('add')) return 'add';
  if (diff.kind.startsWith('delete')) return 'delete';
  return 'update';
}

/**
 * The properties a step changes, in path order, leaving out those the rules hide. The engine's detailed diff is used
 * when it has entries; a provider that gives none (detailedDiff null) is diffed here, inputs against inputs.
 */
export function changedProperties(step: Step, rules: PropertyRules): PropertyChange[] {
  const oldInputs = step.oldState?.inputs;
  const newInputs = step.newState?.inputs ?? step.newState?.outputs;
  const replaceReasons = new Set(step.replaceReasons ?? []);
  const detailed = Object.entries(step.detailedDiff ?? {});
  const entries =
    detailed.length > 0
      ? detailed.map(([path, diff]) => ({ path, kind: kindOfDiff(diff), replaces: diff.kind.endsWith('-replace'), fromOutputs: diff.inputDiff === false }))
      : differingPaths(oldInputs ?? {}, newInputs ?? {}).map((entry) => ({ ...entry, replaces: false, fromOutputs: false }));
  const states = [step.oldState, step.newState];
  return entries
    .filter((entry) => !rules.hidden(entry.path))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((entry) => {
      const segments = parsePath(entry.path);
      return {
        path: entry.path,
        kind: entry.kind,
        replaces: entry.replaces || replaceReasons.has(String(segments[0])),
        old: guarded(valueAt(entry.fromOutputs ? step.oldState?.outputs : oldInputs, segments), entry.path, states, rules),
        new: guarded(valueAt(newInputs, segments), entry.path, states, rules),
      };
    });
}

/** A value as listed properties: itself, or its parts where it holds a secret or an unknown, down to those. */
function expand(path: string, value: unknown): Array<{ path: string; value: Value }> {
  const partial = value !== SECRET && !isUnknown(value) && (containsSecret(value) || containsUnknown(value));
  if (partial && Array.isArray(value)) return value.flatMap((item, i) => expand(joinPath(path, i), item));
  if (partial && isRecord(value)) return Object.keys(value).sort().flatMap((key) => expand(joinPath(path, key), value[key]));
  return [{ path, value: classify(value) }];
}

/** What a resource is created with: its inputs by top-level property, split where a secret or an unknown sits. */
export function createdProperties(state: ResourceState | null | undefined, rules: PropertyRules): Array<{ path: string; value: Value }> {
  const inputs = state?.inputs ?? {};
  return Object.keys(inputs)
    .filter((key) => !rules.hidden(key))
    .sort()
    .flatMap((key) => expand(joinPath('', key), inputs[key]))
    .map((entry) => ({ path: entry.path, value: guarded(entry.value, entry.path, [state], rules) }));
}
