// What the `__provider` text (see dynamic.ts) loads in Pulumi's dynamic-provider process: one provider object per
// resource kind, exported by name, each handing the engine's calls to that kind's lifecycle.
import type * as pulumi from '@pulumi/pulumi';
import type { ResourceKind } from './dynamic';
import { handlers } from './handlers';
import { configure } from './runtime';

function providerOf(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  const lifecycle = handlers[kind];
  return {
    configure,
    check: (olds, news) => lifecycle.check(olds, news),
    diff: (id, olds, news) => lifecycle.diff(id, olds, news),
    create: (inputs) => lifecycle.create(inputs),
    read: (id, props) => lifecycle.read(id, props),
    update: (id, olds, news) => lifecycle.update(id, olds, news),
    delete: (id, props) => lifecycle.delete(id, props),
  };
}

export const connector = providerOf('connector');
export const authSchemeConfig = providerOf('authSchemeConfig');
export const connection = providerOf('connection');
