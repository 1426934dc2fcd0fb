// The Trigger's lifecycle: the one it shares with an Action (../operation); a trigger has nothing of its own to send.
import { operationLifecycle } from '../operation/lifecycle';
import { triggerKind } from './inputs';

export const triggerLifecycle = operationLifecycle(triggerKind);
