// The ConnectorVersion resource class and its arguments.
import * as pulumi from '@pulumi/pulumi';
import { dynamicType, withProvider } from '../dynamic';
import { ArgsOf, registeredProps } from '../resource-args';
import { addressedRegistration } from '../version-child';
import { COMPUTED_KEYS, connectorVersionFields, ConnectorVersionInputs } from './inputs';

/** Arguments of a {@link ConnectorVersion}. */
export type ConnectorVersionArgs = ArgsOf<ConnectorVersionInputs>;

/**
 * A version of a connector, created as a draft: its definitions, actions and triggers are created in it, then a
 * {@link ConnectorVersionPublication} publishes it. Resource id `<connectorId>/<name>`.
 *
 * ```ts
 * const v1 = new ConnectorVersion("crm-1.0", { connectorId: crm.id, name: "1.0", description: "First version" });
 * ```
 */
export class ConnectorVersion extends pulumi.CustomResource {
  declare public readonly connectorId: pulumi.Output<string>;
  /** The version's name (the API addresses the version by it). */
  declare public readonly name: pulumi.Output<string>;
  declare public readonly description: pulumi.Output<string | undefined>;
  /** As given on create (never read back). */
  declare public readonly fromVersion: pulumi.Output<string | undefined>;
  /** The version's ULID. */
  declare public readonly versionId: pulumi.Output<string>;
  declare public readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: ConnectorVersionArgs, opts?: pulumi.CustomResourceOptions) {
    const props = registeredProps(args, [...Object.keys(connectorVersionFields), ...COMPUTED_KEYS]);
    const registered = addressedRegistration('ConnectorVersion', ['connectorId', 'name'], props, opts);
    super(dynamicType('connectorVersion'), name, withProvider('connectorVersion', registered.props), registered.opts);
  }
}
