// The Trigger resource class and its arguments.
import * as pulumi from '@pulumi/pulumi';
import { dynamicType } from '../dynamic';
import { operationRegistration, type OperationOutputs } from '../operation';
import type { ArgsOf } from '../resource-args';
import { triggerFields, TriggerInputs, triggerKind } from './inputs';

/** Arguments of a {@link Trigger}. */
export type TriggerArgs = ArgsOf<TriggerInputs>;

/**
 * A webhook a connector version offers: an external system calls Versori with this method, parameters and request
 * definitions, and Versori answers with the responses'. Resource id `<connectorId>/<versionName>/<name>`.
 *
 * ```ts
 * const onOrder = new Trigger("on-order", {
 *   connectorId: version.connectorId, versionName: version.name, name: "on-order", method: "POST",
 *   requestBody: { required: true, definitions: [order.name] }, responses: [{ status: 204, definitions: [] }],
 * });
 * ```
 */
// The outputs it shares with the other operation kind, merged into the class (which stays directly below CustomResource).
export interface Trigger extends OperationOutputs {}
export class Trigger extends pulumi.CustomResource {
  /** The trigger's ULID. */
  declare public readonly triggerId: pulumi.Output<string>;

  constructor(name: string, args: TriggerArgs, opts?: pulumi.CustomResourceOptions) {
    const registration = operationRegistration('trigger', args, [...Object.keys(triggerFields), ...triggerKind.computedKeys], opts);
    super(dynamicType('trigger'), name, registration.props, registration.opts);
  }
}
