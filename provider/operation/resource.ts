// What the Action and Trigger resource classes share: their outputs, and how they register.
import * as pulumi from '@pulumi/pulumi';
import type { OperationError } from '../../api/versions';
import { ResourceKind, VersoriResource } from '../dynamic';
import { registeredProps } from '../resource-args';
import { versionChildOptions } from '../version-child';
import type { LinkedDefinition } from './inputs';

type Parameter = { name: string; in: string; required: boolean; type: string; default?: unknown };

/** The outputs of an Action or a Trigger: every input as applied, and what the platform computes. */
export abstract class OperationResource extends VersoriResource {
  declare public readonly connectorId: pulumi.Output<string>;
  declare public readonly versionName: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  /** As declared (absent means "http"). */
  declare public readonly type: pulumi.Output<'http' | undefined>;
  declare public readonly summary: pulumi.Output<string | undefined>;
  declare public readonly description: pulumi.Output<string | undefined>;
  declare public readonly method: pulumi.Output<string>;
  declare public readonly parameters: pulumi.Output<Parameter[] | undefined>;
  declare public readonly requestBody: pulumi.Output<{ required: boolean; definitions: string[] } | undefined>;
  declare public readonly responses: pulumi.Output<Array<{ status?: number; definitions: string[] }>>;
  /** The platform's validation result: an `error` entry blocks publishing the version. */
  declare public readonly errors: pulumi.Output<OperationError[]>;
  /** The linked definitions as last read. */
  declare public readonly linkedDefinitions: pulumi.Output<LinkedDefinition[]>;

  protected constructor(
    kind: ResourceKind & ('action' | 'trigger'),
    name: string,
    args: unknown,
    propertyKeys: readonly string[],
    opts: pulumi.CustomResourceOptions | undefined,
  ) {
    const props = registeredProps(args, propertyKeys);
    super(kind, name, props, versionChildOptions(kind === 'action' ? 'Action' : 'Trigger', opts));
  }
}
