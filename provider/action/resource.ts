// The Action resource class and its arguments.
import * as pulumi from '@pulumi/pulumi';
import { dynamicType } from '../dynamic';
import { operationRegistration, type OperationOutputs } from '../operation';
import type { ArgsOf } from '../resource-args';
import { actionFields, ActionInputs, actionKind } from './inputs';

/** Arguments of an {@link Action}. */
export type ActionArgs = ArgsOf<ActionInputs>;

/**
 * An HTTP call a connector version offers: method, path, parameters, and the definitions of its request and
 * responses, linked by name. Resource id `<connectorId>/<versionName>/<name>`.
 *
 * ```ts
 * const getProduct = new Action("get-product", {
 *   connectorId: version.connectorId, versionName: version.name, name: "get-product", method: "GET",
 *   path: "/products/{{ param.id }}", parameters: [{ name: "id", in: "path", required: true, type: "string" }],
 *   responses: [{ status: 200, definitions: [product.name] }],
 * });
 * ```
 */
// The outputs it shares with the other operation kind, merged into the class (which stays directly below CustomResource).
export interface Action extends OperationOutputs {}
export class Action extends pulumi.CustomResource {
  declare public readonly path: pulumi.Output<string>;
  /** The action's ULID. */
  declare public readonly actionId: pulumi.Output<string>;

  constructor(name: string, args: ActionArgs, opts?: pulumi.CustomResourceOptions) {
    const registration = operationRegistration('action', args, [...Object.keys(actionFields), ...actionKind.computedKeys], opts);
    super(dynamicType('action'), name, registration.props, registration.opts);
  }
}
