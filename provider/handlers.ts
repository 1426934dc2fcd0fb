// What the serialized dynamic providers load at run time: the lifecycle of each resource kind, and `configure`.
import { authSchemeConfigLifecycle } from './auth-scheme-config';
import { connectionLifecycle } from './connection';
import { connectorLifecycle } from './connector';
import { connectorVersionLifecycle } from './connector-version';
import { connectorVersionPublicationLifecycle } from './connector-version-publication';
import { actionLifecycle } from './action';
import { definitionLifecycle } from './definition';
import { triggerLifecycle } from './trigger';
import type { ResourceKind } from './dynamic';
import type { Lifecycle } from './lifecycle';

export { configure } from './runtime';

export const handlers: Record<ResourceKind, Lifecycle> = {
  connector: connectorLifecycle,
  authSchemeConfig: authSchemeConfigLifecycle,
  connection: connectionLifecycle,
  connectorVersion: connectorVersionLifecycle,
  connectorVersionPublication: connectorVersionPublicationLifecycle,
  definition: definitionLifecycle,
  action: actionLifecycle,
  trigger: triggerLifecycle,
};
