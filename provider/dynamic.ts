// The dynamic provider objects Pulumi serializes into every resource's state. Each captures nothing but its kind:
// the implementation is loaded at run time by the string-literal requires below, in the provider process.
import type * as pulumi from '@pulumi/pulumi';

export type ResourceKind = 'connector' | 'authSchemeConfig' | 'connection';

const providers = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

function build(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  return {
    async configure(request) {
      return require('pulumi-versori/dist/provider/handlers').configure(request);
    },
    async check(olds, news) {
      return require('pulumi-versori/dist/provider/handlers').handlers[kind].check(olds, news);
    },
    async diff(id, olds, news) {
      return require('pulumi-versori/dist/provider/handlers').handlers[kind].diff(id, olds, news);
    },
    async create(inputs) {
      return require('pulumi-versori/dist/provider/handlers').handlers[kind].create(inputs);
    },
    async read(id, props) {
      return require('pulumi-versori/dist/provider/handlers').handlers[kind].read(id, props);
    },
    async update(id, olds, news) {
      return require('pulumi-versori/dist/provider/handlers').handlers[kind].update(id, olds, news);
    },
    async delete(id, props) {
      return require('pulumi-versori/dist/provider/handlers').handlers[kind].delete(id, props);
    },
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
