// Declaring a resource's inputs: each property's schema together with its diff rule (replace, default, managed only
// when set) and its secrecy, so that the zod shape, the diff specs and the secret keys all come from one table.
import { z } from 'zod';
import { diffBy, kindDiff, type PropertySpec } from './diff';
import type { InputRules } from './validation';

export interface InputField<S extends z.ZodType = z.ZodType> {
  readonly schema: S;
  readonly diff: PropertySpec;
  /** The property may hold a secret: kept secret in state and never printed in a check failure. */
  readonly secret: boolean;
}

export function input<S extends z.ZodType>(schema: S, rules: PropertySpec & { readonly secret?: boolean } = {}): InputField<S> {
  const { secret, ...diff } = rules;
  return { schema, diff, secret: secret === true };
}

type Fields = Record<string, InputField>;

/** The zod shape of the declared inputs. */
export function shapeOf<F extends Fields>(fields: F): { [K in keyof F]: F[K]['schema'] } {
  return Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, field.schema])) as { [K in keyof F]: F[K]['schema'] };
}

/** The diff spec of each declared input. */
export function specsOf<F extends Fields>(fields: F): Record<keyof F & string, PropertySpec> {
  return Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, field.diff])) as Record<keyof F & string, PropertySpec>;
}

export function secretKeysOf(fields: Fields): string[] {
  return Object.entries(fields).flatMap(([key, field]) => (field.secret ? [key] : []));
}

/**
 * What a kind's declared inputs give its lifecycle: the diff by each input's rule, the same as `driftedInputs` needs
 * it, and the rules `check` validates against (the schema, the computed keys, the secret inputs).
 */
export function declaredKind(kind: string, fields: Fields, schema: z.ZodType, computedKeys: readonly string[], derivedKeys: readonly string[] = []) {
  const specs = specsOf(fields);
  const diff = diffBy(specs);
  const rules: InputRules = { kind, schema, computedKeys, secretKeys: secretKeysOf(fields), derivedKeys };
  return { diff, kindDiff: kindDiff(specs, diff), rules };
}
