// What every resource module implements, and helpers they share.
import type * as pulumi from '@pulumi/pulumi';
import { z } from 'zod';
import { VersoriApiError, type VersoriClient } from './client';
import type { ProviderContext } from './context';
import { DetailedDiffResult, forEngine } from './diff';
import { checkFailures, checkInputs, HOST_KEYS, type InputRules, withoutKeys } from './validation';

export type Props = Record<string, unknown>;

/**
 * The lifecycle of one resource kind. `check` and `diff` judge inputs alone (what `pulumi preview` runs, with no
 * configuration); the others reach the platform through the context.
 */
export interface Lifecycle {
  check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult<Props>>;
  diff(id: string, olds: Props, news: Props): Promise<DetailedDiffResult>;
  create(ctx: ProviderContext, inputs: Props): Promise<pulumi.dynamic.CreateResult<Props>>;
  read(ctx: ProviderContext, id: string, props?: Props): Promise<pulumi.dynamic.ReadResult<Props>>;
  update(ctx: ProviderContext, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult<Props>>;
  delete(ctx: ProviderContext, id: string, props: Props): Promise<void>;
}

/** A lifecycle as the dynamic-provider host calls it: each call that reaches the platform gets `context()`. */
export interface BoundLifecycle {
  check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult<Props>>;
  diff(id: string, olds: Props, news: Props): Promise<DetailedDiffResult>;
  create(inputs: Props): Promise<pulumi.dynamic.CreateResult<Props>>;
  read(id: string, props?: Props): Promise<pulumi.dynamic.ReadResult<Props>>;
  update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult<Props>>;
  delete(id: string, props: Props): Promise<void>;
}

/** The engine's calls, each handed to `lifecycle()` (asked at every call: a kind loads on first use) with `context()`. */
export function bindLifecycle(lifecycle: () => Lifecycle, context: () => ProviderContext): BoundLifecycle {
  return {
    check: (olds, news) => lifecycle().check(olds, news),
    diff: (id, olds, news) => lifecycle().diff(id, olds, news),
    create: async (inputs) => lifecycle().create(context(), inputs),
    read: async (id, props) => lifecycle().read(context(), id, props),
    update: async (id, olds, news) => lifecycle().update(context(), id, olds, news),
    delete: async (id, props) => lifecycle().delete(context(), id, props),
  };
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

/**
 * The computed part of a resource's old state, parsed by `schema`. State outlives provider releases (and can be edited
 * by hand): a step that reads computed values fails, before any request, when they do not parse, saying what to run.
 */
export function computedStateOf<T>(kind: string, schema: z.ZodType<T>, olds: Props): T {
  const result = schema.safeParse(olds);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const found = valueAt(olds, issue.path);
  const state = found === undefined ? 'lacks' : `holds ${typeOfValue(found)} as`;
  throw new Error(
    `The state of this ${kind} was written by another release of pulumi-versori and ${state} ${pathOf(issue.path)} ` +
      `(expected ${expectationOf(issue)}): run \`pulumi refresh\` to read it again from Versori, then retry`,
  );
}

/** One computed field as recorded, or undefined when the state lacks it or holds something else (for a step that can do without). */
export function recordedField<S extends z.ZodRawShape, K extends keyof S & string>(
  schema: z.ZodObject<S>,
  props: Props | undefined,
  key: K,
): z.infer<S[K]> | undefined {
  const parsed = z.safeParse(schema.shape[key], props?.[key]);
  return parsed.success ? parsed.data : undefined;
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current = root;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : `${i === 0 ? '' : '.'}${String(segment)}`)).join('');
}

/** The kind of a value, never the value itself (state may hold secrets). */
function typeOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

function expectationOf(issue: z.core.$ZodIssue): string {
  const quoted = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');
  switch (issue.code) {
    case 'invalid_type':
      return `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1 ? quoted(issue.values) : `one of ${quoted(issue.values)}`;
    case 'invalid_union':
      return 'options' in issue && Array.isArray(issue.options) ? `one of ${quoted(issue.options)}` : issue.message;
    default:
      return issue.message;
  }
}

/**
 * Reads an object through `request`; undefined when it is gone, once the organisation itself is seen to exist (a
 * wrong organisation must never make a refresh drop objects from the state).
 */
export async function readOrGone<T>(client: VersoriClient, subject: string, request: () => Promise<T>): Promise<T | undefined> {
  try {
    return await request();
  } catch (error) {
    if (!(error instanceof VersoriApiError && error.notFound)) throw error;
    await client.ensureOrganisationVisible(subject);
    return undefined;
  }
}

/** Gets the existing object to adopt through `request`; a 404 fails with `missing`. */
export async function existingToAdopt<T>(request: () => Promise<T>, missing: string): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof VersoriApiError && error.notFound) throw new Error(missing);
    throw error;
  }
}

/** Outputs: the inputs exactly as applied (what the engine compares to render previews), and the computed fields. */
export function outputsOf(inputs: Props, computedKeys: readonly string[], computed: Props): Props {
  return compact({ ...withoutKeys(inputs, [...HOST_KEYS, ...computedKeys]), ...computed });
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

/** How a refused delete is explained: what state the object is in, what to do first, and whether `forceDelete` exists. */
export interface InUseAdvice {
  readonly state: string;
  readonly firstStep: string;
  /** The kind has a `forceDelete` input (only then may the advice name it). */
  readonly forceDelete: boolean;
}

const IN_USE: InUseAdvice = { state: 'is in use', firstStep: 'Stop what uses it first', forceDelete: false };

/**
 * Deletes an object through `request`. One already gone counts as deleted, once the organisation itself is seen to
 * exist; one the platform keeps because it is in use (409/412) gets a sentence saying what to do.
 */
export async function deleteObject(
  client: VersoriClient,
  subject: string,
  id: string,
  request: () => Promise<unknown>,
  inUse: InUseAdvice = IN_USE,
): Promise<void> {
  try {
    await request();
  } catch (error) {
    if (!(error instanceof VersoriApiError)) throw error;
    if (error.notFound) {
      await client.ensureOrganisationVisible(subject);
      return;
    }
    if (error.status === 409 || error.status === 412) {
      throw new Error(
        `${subject} (${id}) ${inUse.state}, so Versori refused to delete it (${error.status}: ${error.apiMessage}). ` +
          (inUse.forceDelete
            ? `${inUse.firstStep}, or set \`forceDelete: true\` on the resource, run \`pulumi up\`, then delete again.`
            : `${inUse.firstStep}, then delete again.`),
      );
    }
    throw error;
  }
}

/** `check` and `diff` of a kind that needs nothing more: its inputs judged by its rules, its diff handed to the engine. */
export function judgedBy(
  rules: InputRules,
  diff: (olds: Props, news: Props) => DetailedDiffResult,
): Pick<Lifecycle, 'check' | 'diff'> {
  return {
    async check(_olds, news) {
      const { input, failures } = checkInputs(rules, news);
      return { inputs: input, failures };
    },
    async diff(_id, olds, news) {
      return forEngine(diff(olds, news), olds, news);
    },
  };
}
