// The one place for diff logic: property-level comparison of new inputs with the last applied ones, deciding what
// is an in-place update and what needs a replacement.
import type * as pulumi from '@pulumi/pulumi';
import { someValueWithin } from '../api/schemas';

/** How the Pulumi engine hands a dynamic provider a value that is not known yet (during preview). */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

export function containsUnknown(value: unknown): boolean {
  return someValueWithin(value, isUnknown);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Structural equality; object key order and properties set to undefined do not matter. A loop: any depth is safe. */
export function deepEqual(a: unknown, b: unknown): boolean {
  const pending: Array<[unknown, unknown]> = [[a, b]];
  for (let pair = pending.pop(); pair !== undefined; pair = pending.pop()) {
    const [left, right] = pair;
    if (left === right) continue;
    if (Array.isArray(left) || Array.isArray(right)) {
      if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
      left.forEach((item, i) => pending.push([item, right[i]]));
    } else if (isRecord(left) && isRecord(right)) {
      for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) pending.push([left[key], right[key]]);
    } else {
      return false;
    }
  }
  return true;
}

export type PropertyDiffKind = 'add' | 'add-replace' | 'delete' | 'delete-replace' | 'update' | 'update-replace';

export interface PropertyChange {
  readonly path: string;
  readonly replace: boolean;
  readonly kind: 'add' | 'delete' | 'update';
}

export interface DetailedDiffResult extends pulumi.dynamic.DiffResult {
  /** undefined: let the engine compare the inputs (see forEngine). */
  readonly changes: boolean | undefined;
  readonly replaces: string[];
  readonly deleteBeforeReplace: boolean;
  /** Property paths that differ and how. (The dynamic-provider host forwards only the top-level fields.) */
  readonly detailedDiff: Record<string, PropertyDiffKind>;
}

/** How one input property is compared; declared next to the property's schema (see declare.ts). */
export interface PropertySpec {
  /** Changing this property needs a new object. */
  readonly replace?: boolean;
  /** What an absent value means (e.g. `public` absent = false). */
  readonly absentMeans?: unknown;
  /** Absent in the new inputs = not managed by Pulumi: never a change. */
  readonly unmanagedWhenAbsent?: boolean;
  /** Never a change: read on create only (the id of an object to adopt), or by check only. */
  readonly notCompared?: boolean;
  /** Custom comparison, returning the changed sub-paths. */
  readonly compare?: (oldValue: unknown, newValue: unknown, path: string) => PropertyChange[];
}

export function kindOf(oldValue: unknown, newValue: unknown): PropertyChange['kind'] {
  if (oldValue === undefined) return 'add';
  if (newValue === undefined) return 'delete';
  return 'update';
}

export function compareValue(oldValue: unknown, newValue: unknown, path: string, replace: boolean): PropertyChange[] {
  if (containsUnknown(newValue) || !deepEqual(oldValue, newValue)) {
    return [{ path, replace, kind: kindOf(oldValue, newValue) }];
  }
  return [];
}

function diffProperties(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  specs: Record<string, PropertySpec>,
): PropertyChange[] {
  const changes: PropertyChange[] = [];
  for (const [key, spec] of Object.entries(specs)) {
    if (spec.notCompared || (spec.unmanagedWhenAbsent && news[key] === undefined)) continue;
    const oldValue = olds[key] ?? spec.absentMeans;
    const newValue = news[key] ?? spec.absentMeans;
    if (spec.compare !== undefined && !isUnknown(newValue)) {
      changes.push(...spec.compare(oldValue, newValue, key));
    } else {
      changes.push(...compareValue(oldValue, newValue, key, spec.replace ?? false));
    }
  }
  return changes;
}

function topLevelKey(path: string): string {
  const match = /^[^.[]+/.exec(path);
  return match ? match[0] : path;
}

/**
 * The diff as the engine should get it. The Node.js dynamic-provider host forwards only `changes`, `replaces` and
 * `deleteBeforeReplace`; with `changes: true` the CLI then renders old outputs against new inputs, so every computed
 * output looks removed. With changes unknown, the engine compares the old and new inputs itself and renders exactly
 * the inputs that changed (and `pulumi preview --json` carries them as a detailed diff), keeping our replaces. That
 * comparison must see every change we found, which holds while a resource's outputs carry its inputs exactly as
 * applied (drift found by refresh is recorded in the inputs too). Where it would not, `changes: true` still plans it.
 */
export function forEngine(result: DetailedDiffResult, olds: Record<string, unknown>, news: Record<string, unknown>): DetailedDiffResult {
  if (!result.changes) return result;
  const changedKeys = new Set(Object.keys(result.detailedDiff).map(topLevelKey));
  const engineSeesAll = [...changedKeys].every((key) => !deepEqual(olds[key], news[key]));
  return engineSeesAll ? { ...result, changes: undefined } : result;
}

/**
 * The inputs a refresh records: the last applied ones, except each property whose value on the platform differs from
 * them in a way `diff` acts on (drift), which takes the platform's value. `platform` is the platform's object in the
 * shape of inputs; properties the platform does not hold are taken from `previous` by the caller.
 */
export function driftedInputs(
  previous: Record<string, unknown>,
  platform: Record<string, unknown>,
  kind: { diff: (olds: Record<string, unknown>, news: Record<string, unknown>) => DetailedDiffResult; defaults: Record<string, unknown> },
): Record<string, unknown> {
  const drifted = new Set(Object.keys(kind.diff(platform, previous).detailedDiff).map(topLevelKey));
  const inputs: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(previous), ...Object.keys(platform)])) {
    const chosen = drifted.has(key) ? platform[key] : previous[key];
    // A default is what a program that leaves the property out has: recording it would show as a change.
    if (chosen !== undefined && !(key in kind.defaults && deepEqual(chosen, kind.defaults[key]))) inputs[key] = chosen;
  }
  return inputs;
}

/** What each property with a default means when absent. */
function defaultsOf(specs: Record<string, PropertySpec>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(specs).flatMap(([key, spec]) => ('absentMeans' in spec ? [[key, spec.absentMeans]] : [])));
}

/** The diff of one resource kind's inputs, by the specs of its properties. */
export function diffBy(specs: Record<string, PropertySpec>, deleteBeforeReplace = false) {
  return (olds: Record<string, unknown>, news: Record<string, unknown>): DetailedDiffResult =>
    toResult(diffProperties(olds, news, specs), deleteBeforeReplace);
}

/** What `driftedInputs` needs of a kind. */
export function kindDiff(specs: Record<string, PropertySpec>, diff: (olds: Record<string, unknown>, news: Record<string, unknown>) => DetailedDiffResult) {
  return { diff, defaults: defaultsOf(specs) };
}

/** The top-level inputs a diff found changed, typed by the kind's keys: what `update` works from. */
export function changedKeys<K extends string>(result: DetailedDiffResult): ReadonlySet<K> {
  return new Set(Object.keys(result.detailedDiff).map(topLevelKey) as K[]);
}

function toResult(changes: PropertyChange[], deleteBeforeReplace: boolean): DetailedDiffResult {
  const detailedDiff: Record<string, PropertyDiffKind> = {};
  const replaces = new Set<string>();
  for (const change of changes) {
    detailedDiff[change.path] = change.replace ? `${change.kind}-replace` : change.kind;
    if (change.replace) replaces.add(topLevelKey(change.path));
  }
  return {
    changes: changes.length > 0,
    replaces: [...replaces],
    deleteBeforeReplace: replaces.size > 0 && deleteBeforeReplace,
    detailedDiff,
  };
}

/**
 * Compares secret-bearing objects with what was last applied. A property the API redacts and that the last applied
 * inputs do not hold (e.g. after `import`) cannot be compared, and is not reported as a change.
 */
export function compareWithRedaction(
  oldValue: unknown,
  newValue: unknown,
  path: string,
  redacted: readonly string[],
  replace: boolean,
): PropertyChange[] {
  if (!isRecord(oldValue) || !isRecord(newValue)) return compareValue(oldValue, newValue, path, replace);
  const keys = new Set([...Object.keys(oldValue), ...Object.keys(newValue)]);
  for (const key of keys) {
    if (redacted.includes(key) && oldValue[key] === undefined) continue;
    if (containsUnknown(newValue[key]) || !deepEqual(oldValue[key], newValue[key])) {
      return [{ path, replace, kind: 'update' }];
    }
  }
  return [];
}
