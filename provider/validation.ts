// Input validation for `check`: zod issues become CheckFailures naming the property path; values that are unknown
// during preview are never a failure.
import type * as pulumi from '@pulumi/pulumi';
import { z } from 'zod';
import { fieldPath } from '../api/schemas';
import { containsUnknown, isRecord, isUnknown } from './diff';
import { normaliseUlid, UlidField } from './fields';
import { closestName, propertiesAt, rewriteFields } from './input-schema';

/** Keys the dynamic-provider host adds to every property bag. */
export const HOST_KEYS = ['__provider'] as const;

/**
 * The input in which a resource constructor lists the arguments it could not register under their own names: `id` and
 * `urn` (Pulumi drops them) and names of the resource object's members (they would break it).
 */
export const RESERVED_ARGUMENTS = 'argumentsReservedByPulumi';

export function withoutKeys(props: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    if (!keys.includes(key)) out[key] = value;
  }
  return out;
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): { value: unknown; crossesUnknown: boolean } {
  let current: unknown = root;
  let crossesUnknown = isUnknown(current);
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isRecord(current) && typeof segment === 'string') current = current[segment];
    else return { value: undefined, crossesUnknown };
    crossesUnknown ||= isUnknown(current);
  }
  return { value: current, crossesUnknown };
}

function unknownPropertyReason(key: string, known: readonly string[], suggestion: string | undefined): string {
  if (suggestion !== undefined) return `unknown property "${key}"; did you mean "${suggestion}"?`;
  if (known.length === 0) return `unknown property "${key}"`;
  return `unknown property "${key}"; the properties here are ${known.map((k) => `"${k}"`).join(', ')}`;
}

/** The property among `known` whose own object takes `key` (e.g. `clientSecret` belongs in `grant`). */
function parentOf(schema: z.ZodType, input: Record<string, unknown>, path: PropertyKey[], key: string, known: readonly string[]): string | undefined {
  return known.find((candidate) => propertiesAt(schema, input, [...path, candidate]).includes(key));
}

interface Finding extends pulumi.dynamic.CheckFailure {
  /** The failure names a top-level property whose value, printed, could show a secret. */
  readonly hidesValue?: boolean;
  /** A required property the user most likely wrote under another (misspelt) name. */
  readonly meantBy?: string;
}

function unknownKeyFindings(schema: z.ZodType, input: Record<string, unknown>, path: PropertyKey[], keys: string[]): Finding[] {
  const known = propertiesAt(schema, input, path);
  return keys.map((key) => {
    const suggestion = closestName(key, known);
    const suggested = suggestion === undefined ? undefined : [...path, suggestion];
    const parent = suggestion === undefined ? parentOf(schema, input, path, key, known) : undefined;
    return {
      property: fieldPath([...path, key]),
      reason: parent === undefined ? unknownPropertyReason(key, known, suggestion) : `unknown property "${key}"; it belongs in "${parent}"`,
      hidesValue: path.length === 0,
      meantBy: suggested !== undefined && valueAt(input, suggested).value === undefined ? fieldPath(suggested) : undefined,
    };
  });
}

function findings(schema: z.ZodType, input: Record<string, unknown>): Finding[] {
  const result = schema.safeParse(input);
  if (result.success) return [];
  const found: Finding[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      found.push(...unknownKeyFindings(schema, input, path, issue.keys));
      continue;
    }
    const at = valueAt(input, path);
    if (at.crossesUnknown) continue;
    // A cross-field rule over values that are not known yet cannot be judged now.
    if (issue.code === 'custom' && containsUnknown(at.value)) continue;
    const hidesValue = issue.code === 'custom' && issue.params?.hidesValue === true && path.length === 1;
    found.push({ property: fieldPath(path) || '(inputs)', reason: issue.message, hidesValue });
  }
  return found;
}

/**
 * The check failures of `input`. The engine prints the value of a top-level property a failure names, secrets
 * included; so a failure about an unknown top-level property, a property in `secretKeys`, or a value holding a secret
 * names the property in its reason instead (`property: ''`). A failure about a required property the user wrote under
 * a misspelt name is left to the unknown-property failure that names both.
 */
export function checkFailures(
  schema: z.ZodType,
  input: Record<string, unknown>,
  secretKeys: readonly string[] = [],
): pulumi.dynamic.CheckFailure[] {
  const found = findings(schema, input);
  const meant = new Set(found.flatMap((f) => (f.meantBy === undefined ? [] : [f.meantBy])));
  const hidden = new Set([
    ...secretKeys.filter((key) => input[key] !== undefined),
    ...found.filter((f) => f.hidesValue === true).map((f) => f.property),
  ]);
  return found
    .filter((f) => !meant.has(f.property))
    .map((f) => (hidden.has(f.property) ? { property: '', reason: `${f.property}: ${f.reason}` } : { property: f.property, reason: f.reason }));
}

/** What a resource class registers under a key the provider derives (see `derivedSecrecy`); `check` drops it. */
export const DERIVED_PLACEHOLDER = '(derived by the provider)';

/** What a resource's `check` validates against. */
export interface InputRules {
  /** The resource kind as users see it. */
  readonly kind: string;
  readonly schema: z.ZodType;
  /** Properties the provider computes: never inputs. */
  readonly computedKeys: readonly string[];
  /** Top-level properties that may hold secrets. */
  readonly secretKeys?: readonly string[];
  /** Computed properties `check` derives from the inputs, registered as a placeholder carrying their secrecy. */
  readonly derivedKeys?: readonly string[];
}

function isPlaceholder(rules: InputRules, key: string, value: unknown): boolean {
  return (rules.derivedKeys ?? []).includes(key) && (value === DERIVED_PLACEHOLDER || isUnknown(value));
}

function reservedArgumentFailures(rules: InputRules, given: Record<string, unknown>): pulumi.dynamic.CheckFailure[] {
  const names = given[RESERVED_ARGUMENTS];
  if (!Array.isArray(names)) return [];
  const known = propertiesAt(rules.schema, given, []).map((k) => `"${k}"`).join(', ');
  return names.map((name) => ({
    property: '',
    reason: `${String(name)}: Pulumi keeps the name "${String(name)}" for itself; it is not a property of ${rules.kind} (${known})`,
  }));
}

/** The inputs as `check` hands them on (ULIDs in upper case), without computed properties, and their failures. */
export function checkInputs(
  rules: InputRules,
  news: Record<string, unknown>,
): { input: Record<string, unknown>; failures: pulumi.dynamic.CheckFailure[] } {
  const given = withoutKeys(news, HOST_KEYS);
  const computed = rules.computedKeys
    .filter((key) => given[key] !== undefined && !isPlaceholder(rules, key, given[key]))
    .map((key) => ({ property: key, reason: `is an output of ${rules.kind}, computed by the provider; it cannot be set` }));
  const declared = withoutKeys(given, [...rules.computedKeys, RESERVED_ARGUMENTS]);
  const input = rewriteFields(rules.schema, declared, UlidField, normaliseUlid) as Record<string, unknown>;
  const failures = [...reservedArgumentFailures(rules, given), ...computed, ...checkFailures(rules.schema, input, rules.secretKeys)];
  return { input, failures };
}
