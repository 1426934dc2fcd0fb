// What an Action and a Trigger share: inputs (inputs.ts), lifecycle (lifecycle.ts) and resource outputs (resource.ts).
export { declareOperation, operationFields, ActionParameter, TriggerParameter } from './inputs';
export type { LinkedDefinition, OperationComputed } from './computed';
export { operationLifecycle } from './lifecycle';
export type { ApiOperation, OperationInputs, OperationKind, OwnFields } from './lifecycle';
export { operationRegistration } from './resource';
export type { OperationOutputs } from './resource';
