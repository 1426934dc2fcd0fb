// The Definition: its inputs (inputs.ts), its lifecycle (lifecycle.ts) and its resource class (resource.ts).
export { definitionLifecycle } from './lifecycle';
export { DefinitionInputs } from './inputs';
export type { DefinitionComputed } from './inputs';
export { Definition } from './resource';
export type { DefinitionArgs } from './resource';
