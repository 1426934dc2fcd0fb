// The ConnectorVersionPublication: its inputs (inputs.ts), its lifecycle (lifecycle.ts) and its resource class (resource.ts).
export { connectorVersionPublicationLifecycle } from './lifecycle';
export { ConnectorVersionPublicationInputs } from './inputs';
export type { ConnectorVersionPublicationComputed } from './inputs';
export { ConnectorVersionPublication } from './resource';
export type { ConnectorVersionPublicationArgs } from './resource';
