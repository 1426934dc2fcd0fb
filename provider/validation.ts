// Input validation for `check`: zod issues become CheckFailures naming the property path; values that are unknown
// during preview are never a failure.
import type * as pulumi from '@pulumi/pulumi';
import { z } from 'zod';
import { fieldPath } from '../api/schemas';
import { isRecord, isUnknown } from './diff';

/** Keys the dynamic-provider host adds to every property bag. */
export const HOST_KEYS = ['__provider'] as const;

export function withoutKeys(props: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    if (!keys.includes(key)) out[key] = value;
  }
  return out;
}

/** True when the value at `path`, or any value on the way there, is unknown. */
function touchesUnknown(root: unknown, path: ReadonlyArray<PropertyKey>): boolean {
  let current: unknown = root;
  if (isUnknown(current)) return true;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isRecord(current) && typeof segment === 'string') current = current[segment];
    else return false;
    if (isUnknown(current)) return true;
  }
  return false;
}

function hasUnknownBelow(root: unknown, path: ReadonlyArray<PropertyKey>): boolean {
  let current: unknown = root;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isRecord(current) && typeof segment === 'string') current = current[segment];
    else return false;
  }
  // A loop, not recursion: inputs may nest deeper than the stack goes.
  const pending: unknown[] = [current];
  while (pending.length > 0) {
    const value = pending.pop();
    if (isUnknown(value)) return true;
    const children = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [];
    for (const child of children) pending.push(child);
  }
  return false;
}

export function checkFailures(schema: z.ZodType, input: Record<string, unknown>): pulumi.dynamic.CheckFailure[] {
  const result = schema.safeParse(input);
  if (result.success) return [];
  const failures: pulumi.dynamic.CheckFailure[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        failures.push({ property: fieldPath([...issue.path, key]), reason: `unknown property "${key}"` });
      }
      continue;
    }
    if (touchesUnknown(input, issue.path)) continue;
    // A cross-field rule over values that are not known yet cannot be judged now.
    if (issue.code === 'custom' && hasUnknownBelow(input, issue.path)) continue;
    failures.push({ property: fieldPath(issue.path) || '(inputs)', reason: issue.message });
  }
  return failures;
}

/** Refinement helper: names must be unique within a list of `{ name }`. */
export function uniqueNames(items: ReadonlyArray<{ name: string }>, ctx: z.RefinementCtx, what: string): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.name)) {
      ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate ${what} name "${item.name}"` });
    }
    seen.add(item.name);
  });
}
