// What the resource constructors register: every property the user wrote, whatever its shape, so that `check` judges
// all of it (an unknown or misspelt property included) and refuses it with a message naming the property.
import * as pulumi from '@pulumi/pulumi';
import { DERIVED_PLACEHOLDER, RESERVED_ARGUMENTS } from './validation';

type Primitive = string | number | boolean | null | undefined;

/**
 * A value whose every level may be an Input, as in generated Pulumi SDKs (e.g. credential data holding a secret
 * Output, or one tag's value from another resource). A union of primitives stays one Input of the union.
 */
export type DeepInput<T> = [T] extends [Primitive]
  ? pulumi.Input<T>
  : T extends ReadonlyArray<infer Item>
    ? pulumi.Input<ReadonlyArray<DeepInput<Item>>>
    : pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>;

/** The arguments of a resource whose inputs are `T`: every property, at every level, may be an Input. */
export type ArgsOf<T> = { [K in keyof T]: DeepInput<T[K]> };

/** Names Pulumi drops (`id`, `urn`) or that belong to the resource object itself. */
function reservedByPulumi(key: string): boolean {
  return key === 'id' || key === 'urn' || key.startsWith('__') || key in pulumi.dynamic.Resource.prototype;
}

/** An object literal (not an array, an Output or a class instance such as a resource). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export function isPending(value: unknown): value is pulumi.Output<unknown> | Promise<unknown> {
  return pulumi.Output.isInstance(value) || value instanceof Promise;
}

/**
 * The properties to register: what the user wrote, and every other property of the resource as undefined (so that the
 * resource object has an output for each).
 */
export function registeredProps(args: unknown, propertyKeys: readonly string[]): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  const reserved: string[] = [];
  if (isPlainObject(args)) {
    for (const [key, value] of Object.entries(args)) {
      if (reservedByPulumi(key)) reserved.push(key);
      else props[key] = value;
    }
  }
  for (const key of propertyKeys) {
    if (!(key in props)) props[key] = undefined;
  }
  if (reserved.length > 0) props[RESERVED_ARGUMENTS] = reserved;
  return props;
}

/** `shape(value)` for a plain value; for an Output or a promise, the same once it is known. */
export function mapInput(value: unknown, shape: (plain: unknown) => unknown): unknown {
  return isPending(value) ? (pulumi.output(value) as pulumi.Output<unknown>).apply(shape) : shape(value);
}

/** A value to pass as a secret; absent stays absent. */
export function secretInput(value: unknown): unknown {
  return value === undefined || value === null ? value : pulumi.secret(value);
}

/**
 * What a resource registers under the key of an output the provider derives from other inputs in `check` (an auth
 * scheme config's `config`): a placeholder, secret when any of `sources` is. The engine hands a provider that takes
 * no secrets their plain values and marks its results secret key by key, by the secrecy of what was registered under
 * the same key; so a value copied from a secret input into another key would be stored and shown in clear. The
 * placeholder is known even while a source is unknown (an unknown value would lose its secrecy on the wire).
 */
export function derivedSecrecy(sources: readonly unknown[]): pulumi.Output<string> {
  const secret = Promise.all(sources.map((source) => pulumi.isSecret(pulumi.output(source as pulumi.Input<unknown>))));
  return pulumi.output(secret).apply((flags): pulumi.Output<string> => {
    const placeholder = pulumi.output(DERIVED_PLACEHOLDER);
    return flags.includes(true) ? pulumi.secret(placeholder) : placeholder;
  });
}
