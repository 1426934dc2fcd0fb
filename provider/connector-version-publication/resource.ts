// The ConnectorVersionPublication resource class and its arguments.
import * as pulumi from '@pulumi/pulumi';
import type { Message } from '../../api/schemas';
import { dynamicType, withProvider } from '../dynamic';
import { ArgsOf, registeredProps } from '../resource-args';
import { addressedRegistration } from '../version-child';
import { COMPUTED_KEYS, connectorVersionPublicationFields, ConnectorVersionPublicationInputs } from './inputs';

/** Arguments of a {@link ConnectorVersionPublication}. */
export type ConnectorVersionPublicationArgs = ArgsOf<ConnectorVersionPublicationInputs>;

/**
 * The publication of a connector version: creating it publishes the version, deleting it unpublishes it. It is its
 * own resource because the version must exist (as a draft) before its definitions, actions and triggers, and be
 * published after all of them: list them in `dependsOn`. Resource id `<connectorId>/<versionName>`.
 *
 * ```ts
 * new ConnectorVersionPublication("crm-1.0-published", { connectorId: v1.connectorId, versionName: v1.name, isDefault: true },
 *   { dependsOn: [getProduct, onOrder, product] });
 * ```
 */
export class ConnectorVersionPublication extends pulumi.CustomResource {
  declare public readonly connectorId: pulumi.Output<string>;
  declare public readonly versionName: pulumi.Output<string>;
  /** As declared (absent means false). */
  declare public readonly isDefault: pulumi.Output<boolean | undefined>;
  /** The version's ULID. */
  declare public readonly versionId: pulumi.Output<string>;
  declare public readonly publishedAt: pulumi.Output<string>;
  /** Warnings the platform found in the version's actions and triggers when it published it. */
  declare public readonly messages: pulumi.Output<Message[]>;

  constructor(name: string, args: ConnectorVersionPublicationArgs, opts?: pulumi.CustomResourceOptions) {
    const props = registeredProps(args, [...Object.keys(connectorVersionPublicationFields), ...COMPUTED_KEYS]);
    const registered = addressedRegistration('ConnectorVersionPublication', ['connectorId', 'versionName'], props, opts);
    super(dynamicType('connectorVersionPublication'), name, withProvider('connectorVersionPublication', registered.props), registered.opts);
  }
}
