// What every resource module implements, and helpers they share.
import type * as pulumi from '@pulumi/pulumi';
import { z } from 'zod';
import { DetailedDiffResult } from './diff';
import { checkFailures, HOST_KEYS, withoutKeys } from './validation';

export type Props = Record<string, unknown>;

/** The lifecycle of one resource kind, as the dynamic provider calls it. */
export interface Lifecycle {
  check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult<Props>>;
  diff(id: string, olds: Props, news: Props): Promise<DetailedDiffResult>;
  create(inputs: Props): Promise<pulumi.dynamic.CreateResult<Props>>;
  read(id: string, props?: Props): Promise<pulumi.dynamic.ReadResult<Props>>;
  update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult<Props>>;
  delete(id: string, props: Props): Promise<void>;
}

/** Parses inputs that `check` has already accepted; failing here means the engine skipped `check`. */
export function parseInputs<T>(schema: z.ZodType<T>, props: Props, what: string, ignoredKeys: readonly string[] = []): T {
  const input = withoutKeys(props, [...HOST_KEYS, ...ignoredKeys]);
  const result = schema.safeParse(input);
  if (!result.success) {
    const failures = checkFailures(schema, input)
      .map((f) => `${f.property}: ${f.reason}`)
      .join('; ');
    throw new Error(`Invalid inputs for ${what}: ${failures || result.error.message}`);
  }
  return result.data;
}

/** Splits a `<connectorId>/<childId>` resource id. */
export function splitChildId(id: string, kind: string): { connectorId: string; childId: string } {
  const parts = id.split('/');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
    throw new Error(`A ${kind} id has the form "<connectorId>/<${kind}Id>", got "${id}"`);
  }
  return { connectorId: parts[0], childId: parts[1] };
}

/** Drops properties whose value is undefined, so outputs never carry explicit undefineds. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) out[key] = item;
  }
  return out as T;
}

/** True when read was called without prior state (an `import`), rather than for a refresh. */
export function isImport(props: Props | undefined, requiredKey: string): boolean {
  return props === undefined || props[requiredKey] === undefined;
}
