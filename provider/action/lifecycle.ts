// The Action's lifecycle: the one it shares with a Trigger (../operation), with its `path`.
import { operationLifecycle } from '../operation/lifecycle';
import { actionKind } from './inputs';

export const actionLifecycle = operationLifecycle(actionKind, {
  ownFields: (inputs) => ({ path: inputs.path }),
  ownView: (operation) => ({ path: 'path' in operation ? operation.path : undefined }),
});
