// The AuthSchemeConfig: its inputs (inputs.ts), its lifecycle (lifecycle.ts) and its resource class (resource.ts).
export { authSchemeConfigLifecycle } from './lifecycle';
export { AuthSchemeConfigInputs } from './inputs';
export type { AuthSchemeConfigComputed } from './inputs';
export { AuthSchemeConfig, declaredSchemeTypeOf } from './resource';
export type { AuthSchemeConfigArgs } from './resource';
