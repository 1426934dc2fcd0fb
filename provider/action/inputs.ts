// The inputs of an Action: those it shares with a Trigger (../operation), its parameters' shape and its `path`.
import { z } from 'zod';
import { input } from '../declare';
import { ActionParameter, declareOperation, operationFields } from '../operation/inputs';

export const actionFields = {
  ...operationFields(ActionParameter),
  /** Appended to the connector's baseUrl; may hold {{ param.<name> }} and {{ conn.<variable> }} placeholders. */
  path: input(z.string()),
};

export const actionKind = declareOperation('Action', 'actionId', actionFields);

/** Inputs of an Action. */
export const ActionInputs = actionKind.schema;
export type ActionInputs = z.infer<typeof ActionInputs>;

/** Properties the provider computes: the action's ULID, and what Actions and Triggers share. */
export type ActionComputed = z.infer<typeof actionKind.computed>;
