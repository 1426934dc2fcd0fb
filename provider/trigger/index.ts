// The Trigger: its inputs (inputs.ts), its lifecycle (lifecycle.ts) and its resource class (resource.ts).
export { triggerLifecycle } from './lifecycle';
export { TriggerInputs } from './inputs';
export type { TriggerComputed } from './inputs';
export { Trigger } from './resource';
export type { TriggerArgs } from './resource';
