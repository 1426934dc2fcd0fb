// How many properties a resource of each stack declares. The SDK makes an Output for each, with promises that capture
// a stack trace apiece, so the program's CPU per resource follows this count. Counted in this process, on the stacks'
// own declarations (bench/programs/*/resources.ts) run against the SDK's mocks: no engine, nothing registered.
import * as pulumi from '@pulumi/pulumi';
import { declareNoopStack } from './programs/noop/resources';
import { benchGroups, RESOURCES_PER_GROUP } from './stack';

export interface DeclaredProperties {
  /** Mean Output properties per resource (`urn` and `id` included) of one group of each stack. */
  versori: number;
  noop: number;
}

const meanOutputs = (resources: pulumi.CustomResource[]): number => {
  const outputs = resources.map((resource) => Object.values(resource).filter((value) => pulumi.Output.isInstance(value)).length);
  return Number((outputs.reduce((a, b) => a + b, 0) / resources.length).toFixed(1));
};

export async function declaredProperties(): Promise<DeclaredProperties> {
  await pulumi.runtime.setMocks({ newResource: (args) => ({ id: `${args.name}-id`, state: {} }), call: () => ({}) }, 'bench', 'bench', true);
  const groups = benchGroups(RESOURCES_PER_GROUP);
  // Loaded here, not above: pulumi-versori resolves to this checkout's build, which `npm pack` has made by now.
  const { declareVersoriStack } = await import('./programs/versori/resources');
  return { versori: meanOutputs(declareVersoriStack(groups)), noop: meanOutputs(declareNoopStack(groups, {})) };
}
