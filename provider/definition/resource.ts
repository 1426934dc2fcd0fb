// The Definition resource class and its arguments.
import * as pulumi from '@pulumi/pulumi';
import { dynamicType, withProvider } from '../dynamic';
import { ArgsOf, registeredProps } from '../resource-args';
import { versionChildRegistration } from '../version-child';
import { COMPUTED_KEYS, definitionFields, DefinitionInputs } from './inputs';

/** Arguments of a {@link Definition}. */
export type DefinitionArgs = ArgsOf<DefinitionInputs>;

/**
 * A schema document in a connector version, which actions and triggers link by name. Resource id
 * `<connectorId>/<versionName>/<name>`. Definitions that refer to each other are made one after the other (a `$ref`
 * to the other's `url`); for a cycle, use `$defs` inside one document.
 *
 * ```ts
 * const product = new Definition("product", {
 *   connectorId: version.connectorId, versionName: version.name, name: "product", accept: ["application/json"],
 *   schema: { contentType: "application/schema+json", content: JSON.stringify({ type: "object" }) },
 * });
 * ```
 */
export class Definition extends pulumi.CustomResource {
  declare public readonly connectorId: pulumi.Output<string>;
  declare public readonly versionName: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly accept: pulumi.Output<string[]>;
  declare public readonly description: pulumi.Output<string | undefined>;
  /** As last applied (the API never returns it). */
  declare public readonly schema: pulumi.Output<{ contentType: string; content: string }>;
  /** The definition's ULID. */
  declare public readonly definitionId: pulumi.Output<string>;
  /** Where the platform serves the document: what another definition's `$ref` may name. */
  declare public readonly url: pulumi.Output<string>;

  constructor(name: string, args: DefinitionArgs, opts?: pulumi.CustomResourceOptions) {
    const props = registeredProps(args, [...Object.keys(definitionFields), ...COMPUTED_KEYS]);
    const registered = versionChildRegistration('Definition', props, opts);
    super(dynamicType('definition'), name, withProvider('definition', registered.props), registered.opts);
  }
}
