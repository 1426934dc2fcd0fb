// The Action: its inputs (inputs.ts), its lifecycle (lifecycle.ts) and its resource class (resource.ts).
export { actionLifecycle } from './lifecycle';
export { ActionInputs } from './inputs';
export type { ActionComputed } from './inputs';
export { Action } from './resource';
export type { ActionArgs } from './resource';
