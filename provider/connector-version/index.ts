// The ConnectorVersion: its inputs (inputs.ts), its lifecycle (lifecycle.ts) and its resource class (resource.ts).
export { connectorVersionLifecycle } from './lifecycle';
export { ConnectorVersionInputs } from './inputs';
export type { ConnectorVersionComputed } from './inputs';
export { ConnectorVersion } from './resource';
export type { ConnectorVersionArgs } from './resource';
