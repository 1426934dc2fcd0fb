// What the `__provider` text (see dynamic.ts) loads in Pulumi's dynamic-provider process: one provider object per
// resource kind, exported by name, each handing the engine's calls to that kind's lifecycle.
import type * as pulumi from '@pulumi/pulumi';
import type { ResourceKind } from './dynamic';
import { handlers } from './handlers';
import { bindLifecycle } from './lifecycle';
import { configure, currentContext } from './runtime';

function providerOf(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  return { configure, ...bindLifecycle(() => handlers[kind], currentContext) };
}

export const connector = providerOf('connector');
export const authSchemeConfig = providerOf('authSchemeConfig');
export const connection = providerOf('connection');
export const connectorVersion = providerOf('connectorVersion');
export const connectorVersionPublication = providerOf('connectorVersionPublication');
export const definition = providerOf('definition');
export const action = providerOf('action');
export const trigger = providerOf('trigger');
