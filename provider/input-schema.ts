// Reads the resources' input schemas (zod) alongside a value: which properties an object takes at a given path,
// which known name is closest to a misspelt one, and rewriting the values of one kind of field. Only the zod kinds the
// input schemas use are followed.
import { z } from 'zod';
import { isRecord } from './diff';

function valueAt(value: unknown, segment: PropertyKey): unknown {
  if (Array.isArray(value) && typeof segment === 'number') return value[segment];
  if (isRecord(value) && typeof segment === 'string') return value[segment];
  return undefined;
}

function unwrap(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return unwrap(schema._zod.def.innerType as z.ZodType);
  }
  if (schema instanceof z.ZodPipe) return unwrap(schema._zod.def.in as z.ZodType);
  return schema;
}

/**
 * The schemas `value` is meant for: a discriminated union resolves to the variant its discriminator names, or to
 * every variant when the discriminator is missing, unknown or wrong.
 */
function variantsFor(schema: z.ZodType, value: unknown): z.ZodType[] {
  const plain = unwrap(schema);
  if (!(plain instanceof z.ZodDiscriminatedUnion)) return [plain];
  const discriminator = plain._zod.def.discriminator;
  const tag = valueAt(value, discriminator);
  const options = plain._zod.def.options as readonly z.ZodType[];
  const named = options.filter((option) => option._zod.propValues?.[discriminator]?.has(tag as never) === true);
  return (named.length > 0 ? named : options).flatMap((option) => variantsFor(option, value));
}

function childSchemas(schema: z.ZodType, segment: PropertyKey): z.ZodType[] {
  if (schema instanceof z.ZodObject && typeof segment === 'string') {
    const child = (schema.shape as Record<string, z.ZodType>)[segment];
    return child === undefined ? [] : [child];
  }
  if (schema instanceof z.ZodArray && typeof segment === 'number') return [schema.element as z.ZodType];
  if (schema instanceof z.ZodRecord && typeof segment === 'string') return [schema._zod.def.valueType as z.ZodType];
  return [];
}

function keysOf(schemas: readonly z.ZodType[]): string[] {
  const keys = schemas.flatMap((schema) => (schema instanceof z.ZodObject ? Object.keys(schema.shape) : []));
  return [...new Set(keys)];
}

/** The properties the object at `path` of `root` may have, by the schema (in the schema's order). */
export function propertiesAt(schema: z.ZodType, root: unknown, path: ReadonlyArray<PropertyKey>): string[] {
  let schemas = [schema];
  let value = root;
  for (const segment of path) {
    schemas = schemas.flatMap((s) => variantsFor(s, value)).flatMap((s) => childSchemas(s, segment));
    value = valueAt(value, segment);
  }
  return keysOf(schemas.flatMap((s) => variantsFor(s, value)));
}

/**
 * `value` with every field whose schema is `field` replaced by `rewrite(value)`. Parts whose schema is ambiguous (a
 * union whose discriminator is not given) are left as they are.
 */
export function rewriteFields(schema: z.ZodType, value: unknown, field: z.ZodType, rewrite: (value: unknown) => unknown): unknown {
  const variants = variantsFor(schema, value);
  if (variants.length !== 1) return value;
  const plain = variants[0];
  if (plain === field) return rewrite(value);
  const next = (child: z.ZodType | undefined, item: unknown): unknown =>
    child === undefined ? item : rewriteFields(child, item, field, rewrite);
  if (plain instanceof z.ZodArray && Array.isArray(value)) return value.map((item) => next(plain.element as z.ZodType, item));
  if ((plain instanceof z.ZodObject || plain instanceof z.ZodRecord) && isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, next(childSchemas(plain, key)[0], item)]));
  }
  return value;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The known name a misspelt `name` most likely meant: the nearest by case-insensitive edit distance within a third of
 * its length, or else a known name of four letters or more that it contains (`connectionVariables` → `variables`).
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const wanted = name.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (best === undefined || distance < best.distance) best = { name: candidate, distance };
  }
  if (best !== undefined && best.distance <= Math.max(1, Math.floor(wanted.length / 3))) return best.name;
  return known.find((candidate) => candidate.length >= 4 && wanted.includes(candidate.toLowerCase()));
}
