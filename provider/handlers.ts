// What the serialized dynamic providers load at run time: the lifecycle of each resource kind, and `configure`.
// A kind's module is loaded the first time the engine calls it, straight from its lifecycle file: a stack of
// connectors never loads the version kinds' lifecycles, and the dynamic-provider process never loads the resource
// classes (nor, through them, @pulumi/pulumi).
import type { ResourceKind } from './dynamic';
import type { Lifecycle } from './lifecycle';

export { configure } from './runtime';

const LOADERS: { readonly [K in ResourceKind]: () => Lifecycle } = {
  connector: () => (require('./connector/lifecycle') as typeof import('./connector/lifecycle')).connectorLifecycle,
  authSchemeConfig: () =>
    (require('./auth-scheme-config/lifecycle') as typeof import('./auth-scheme-config/lifecycle')).authSchemeConfigLifecycle,
  connection: () => (require('./connection/lifecycle') as typeof import('./connection/lifecycle')).connectionLifecycle,
  connectorVersion: () =>
    (require('./connector-version/lifecycle') as typeof import('./connector-version/lifecycle')).connectorVersionLifecycle,
  connectorVersionPublication: () =>
    (require('./connector-version-publication/lifecycle') as typeof import('./connector-version-publication/lifecycle'))
      .connectorVersionPublicationLifecycle,
  definition: () => (require('./definition/lifecycle') as typeof import('./definition/lifecycle')).definitionLifecycle,
  action: () => (require('./action/lifecycle') as typeof import('./action/lifecycle')).actionLifecycle,
  trigger: () => (require('./trigger/lifecycle') as typeof import('./trigger/lifecycle')).triggerLifecycle,
};

/** Each kind's lifecycle, its module loaded when the property is first read. */
export const handlers = {} as Record<ResourceKind, Lifecycle>;
for (const kind of Object.keys(LOADERS) as ResourceKind[]) {
  let loaded: Lifecycle | undefined;
  Object.defineProperty(handlers, kind, { enumerable: true, get: () => (loaded ??= LOADERS[kind]()) });
}
