// The Connection resource class; its arguments and how the constructor registers them are in args.ts.
import * as pulumi from '@pulumi/pulumi';
import { dynamicType, registrationOf, withProvider } from '../dynamic';
import { propertiesAt } from '../input-schema';
import { ConnectionArgs, connectionProps } from './args';
import { COMPUTED_KEYS, ConnectionComputed, ConnectionCredentialInput, ConnectionInputs, CredentialList, SECRET_KEYS, SECRET_OUTPUTS } from './inputs';

/**
 * A Versori Connection: credentials for one connector. Resource id `<connectorId>/<connectionId>`. A change of a
 * credential replaces the connection (deleting the old one first when the name stays the same).
 *
 * ```ts
 * new Connection("prod", {
 *   connectorId: crm.id, name: "prod",
 *   credentials: { action: [{ authSchemeConfig: apiKey, credential: { name: "key", type: "string", data: { value: key } } }] },
 * });
 * ```
 */
export class Connection extends pulumi.CustomResource {
  declare public readonly connectorId: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly variables: pulumi.Output<Array<{ name: string; value: string }> | undefined>;
  /** The credentials as applied (secret). */
  declare public readonly credentials: pulumi.Output<Partial<Record<CredentialList, ConnectionCredentialInput[]>>>;
  declare public readonly forceDelete: pulumi.Output<boolean | undefined>;
  /** The connection's ULID. */
  declare public readonly connectionId: pulumi.Output<string>;
  declare public readonly createdAt: pulumi.Output<string>;
  declare public readonly updatedAt: pulumi.Output<string>;
  declare public readonly effectiveVariables: pulumi.Output<Array<{ name: string; value: string }>>;
  declare public readonly appliedCredentials: pulumi.Output<ConnectionComputed['appliedCredentials']>;

  constructor(name: string, args: ConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    const props = connectionProps(args, [...propertiesAt(ConnectionInputs, undefined, []), ...COMPUTED_KEYS]);
    const adoption = { input: 'adoptId', childOf: { kind: 'connection', connectorId: props.connectorId } };
    const registered = registrationOf(props, opts, adoption, [...SECRET_KEYS, ...SECRET_OUTPUTS]);
    super(dynamicType('connection'), name, withProvider('connection', registered.props), registered.opts);
  }
}
