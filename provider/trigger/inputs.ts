// The inputs of a Trigger (a webhook: an external system calls Versori): those it shares with an Action
// (../operation), with its parameters' shape and no `path` (Versori assigns the URL).
import type { z } from 'zod';
import { declareOperation, operationFields, TriggerParameter } from '../operation/inputs';

export const triggerFields = operationFields(TriggerParameter);

export const triggerKind = declareOperation('Trigger', 'triggerId', triggerFields);

/** Inputs of a Trigger. */
export const TriggerInputs = triggerKind.schema;
export type TriggerInputs = z.infer<typeof TriggerInputs>;

/** Properties the provider computes: the trigger's ULID, and what Actions and Triggers share. */
export type TriggerComputed = z.infer<typeof triggerKind.computed>;
