// The Connector: its inputs (inputs.ts), its lifecycle (lifecycle.ts) and its resource class (resource.ts).
export { connectorLifecycle } from './lifecycle';
export { ConnectorInputs } from './inputs';
export type { ConnectorComputed, ConnectorOutputs } from './inputs';
export { Connector } from './resource';
export type { ConnectorArgs } from './resource';
