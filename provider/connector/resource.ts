// The Connector resource class and its arguments.
import * as pulumi from '@pulumi/pulumi';
import type { Category } from '../../api/versions';
import { dynamicType, registrationOf, withProvider } from '../dynamic';
import { ArgsOf, registeredProps } from '../resource-args';
import { COMPUTED_KEYS, connectorFields, ConnectorInputs } from './inputs';

/** Arguments of a {@link Connector}. */
export type ConnectorArgs = ArgsOf<ConnectorInputs>;

/**
 * A Versori Connector: the description of one external system (HTTP API or BigQuery dataset).
 *
 * ```ts
 * const crm = new Connector("crm", { name: "crm", baseUrl: "https://api.example.com" });
 * ```
 */
export class Connector extends pulumi.CustomResource {
  /** Display name. */
  declare public readonly name: pulumi.Output<string>;
  /** As declared (absent means "http"). */
  declare public readonly protocol: pulumi.Output<'http' | 'bigquery' | undefined>;
  declare public readonly baseUrl: pulumi.Output<string | undefined>;
  declare public readonly datasetId: pulumi.Output<string | undefined>;
  declare public readonly documentationURL: pulumi.Output<string | undefined>;
  declare public readonly imageURL: pulumi.Output<string | undefined>;
  /** As declared (absent means false). */
  declare public readonly public: pulumi.Output<boolean | undefined>;
  declare public readonly tags: pulumi.Output<Record<string, string> | undefined>;
  /** As declared (write-only: never read back). */
  declare public readonly categories: pulumi.Output<Category[] | undefined>;
  declare public readonly connectionVariables: pulumi.Output<Array<{ name: string; value: string }> | undefined>;
  declare public readonly forceDelete: pulumi.Output<boolean | undefined>;
  /** The connector's ULID (also the resource id). */
  declare public readonly connectorId: pulumi.Output<string>;
  declare public readonly organisationId: pulumi.Output<string>;
  declare public readonly createdAt: pulumi.Output<string>;
  declare public readonly updatedAt: pulumi.Output<string>;

  constructor(name: string, args: ConnectorArgs, opts?: pulumi.CustomResourceOptions) {
    const props = registeredProps(args, [...Object.keys(connectorFields), ...COMPUTED_KEYS]);
    const registered = registrationOf(props, opts, { input: 'adoptId' }, []);
    super(dynamicType('connector'), name, withProvider('connector', registered.props), registered.opts);
  }
}
