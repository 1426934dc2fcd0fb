// The dynamic provider objects Pulumi serializes into every resource's state. Each captures nothing but its kind:
// the implementation is loaded at run time by the string-literal requires below, in the provider process.
import * as pulumi from '@pulumi/pulumi';
import { splitChildId, type Lifecycle } from './lifecycle';

export type ResourceKind = 'connector' | 'authSchemeConfig' | 'connection';

const providers = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

function build(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  // Short on purpose: Pulumi stores this object's serialized text twice (inputs and outputs) in every resource's
  // state, and each method costs a fixed wrapper there, so the methods share one captured loader.
  const lifecycle = (): Lifecycle => require('pulumi-versori/dist/provider/handlers').handlers[kind];
  return {
    configure: (request) => require('pulumi-versori/dist/provider/handlers').configure(request),
    check: (olds, news) => lifecycle().check(olds, news),
    diff: (id, olds, news) => lifecycle().diff(id, olds, news),
    create: (inputs) => lifecycle().create(inputs),
    read: (id, props) => lifecycle().read(id, props),
    update: (id, olds, news) => lifecycle().update(id, olds, news),
    delete: (id, props) => lifecycle().delete(id, props),
  };
}

/** The provider object for a resource kind (one per kind, so Pulumi serializes each once). */
export function dynamicProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  let provider = providers.get(kind);
  if (provider === undefined) {
    provider = build(kind);
    providers.set(kind, provider);
  }
  return provider;
}

/**
 * Pulumi cannot import dynamic resources (pulumi/pulumi#3550, #16175: the engine reads them without the serialized
 * provider). So the `import` option is taken off the options and handed to the provider as the object to adopt on
 * create: nothing is created, the existing object is brought to the declared inputs.
 */
export function takeImportOption(opts: pulumi.CustomResourceOptions | undefined): {
  opts: pulumi.CustomResourceOptions | undefined;
  importId: pulumi.Input<string> | undefined;
} {
  if (opts?.import === undefined) return { opts, importId: undefined };
  const { import: importId, ...rest } = opts;
  return { opts: rest, importId };
}

/** The child id in an imported `<connectorId>/<childId>` resource id. */
export function importedChildId(importId: pulumi.Input<string>, kind: string): pulumi.Output<string> {
  return pulumi.output(importId).apply((id) => splitChildId(id, kind).childId);
}

/** The caller's additionalSecretOutputs plus the resource's own secret properties. */
export function mergeSecretOutputs(opts: pulumi.CustomResourceOptions | undefined, keys: string[]): string[] {
  return [...new Set([...(opts?.additionalSecretOutputs ?? []), ...keys])];
}
