// What the Action and Trigger resource classes share: their outputs, and how they register.
import * as pulumi from '@pulumi/pulumi';
import type { OperationError } from '../../api/versions';
import { withProvider } from '../dynamic';
import { registeredProps } from '../resource-args';
import { versionChildRegistration } from '../version-child';
import type { LinkedDefinition } from './computed';
import { SECRET_OUTPUTS } from './inputs';

type Parameter = { name: string; in: string; required: boolean; type: string; default?: unknown };

/**
 * The outputs an Action and a Trigger share: every input as applied, and what the platform computes. Each class
 * extends `pulumi.CustomResource` itself (see withProvider) and takes these through an interface of its name.
 */
export interface OperationOutputs {
  readonly connectorId: pulumi.Output<string>;
  readonly versionName: pulumi.Output<string>;
  readonly name: pulumi.Output<string>;
  /** As declared (absent means "http"). */
  readonly type: pulumi.Output<'http' | undefined>;
  readonly summary: pulumi.Output<string | undefined>;
  readonly description: pulumi.Output<string | undefined>;
  readonly method: pulumi.Output<string>;
  readonly parameters: pulumi.Output<Parameter[] | undefined>;
  readonly requestBody: pulumi.Output<{ required: boolean; definitions: string[] } | undefined>;
  readonly responses: pulumi.Output<Array<{ status?: number; definitions: string[] }>>;
  /** The platform's validation result: an `error` entry blocks publishing the version. */
  readonly errors: pulumi.Output<OperationError[]>;
  /** The linked definitions as last read. */
  readonly linkedDefinitions: pulumi.Output<LinkedDefinition[]>;
}

/** The props and options an Action or a Trigger registers with. */
export function operationRegistration(
  kind: 'action' | 'trigger',
  args: unknown,
  propertyKeys: readonly string[],
  opts: pulumi.CustomResourceOptions | undefined,
): { props: pulumi.Inputs; opts: pulumi.CustomResourceOptions | undefined } {
  const props = registeredProps(args, propertyKeys);
  const registered = versionChildRegistration(kind === 'action' ? 'Action' : 'Trigger', props, opts, SECRET_OUTPUTS);
  return { props: withProvider(kind, registered.props), opts: registered.opts };
}
