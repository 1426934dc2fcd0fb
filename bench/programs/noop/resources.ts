// The engine floor: as many resources as the Versori stack, with the same names and dependencies, each the cheapest
// dynamic resource there is. Its provider text is written by hand, as ours is (provider/dynamic.ts): `create` makes
// an id and nothing else; check, diff, read, update and delete are the dynamic-provider plugin's defaults, which
// send nothing anywhere. Its inputs are only the ids it depends on, so its state is as small as a resource's can be.
// Shared by the program (index.ts) and bench/properties.ts.
import * as pulumi from '@pulumi/pulumi';
import type { GroupSpec } from '../../stack';

/** Makes each resource heavier in one way, to tell what the engine charges for. */
export interface NoopWeight {
  /** More properties declared per resource, unset (as the computed ones of a resource class are until created). */
  properties?: number;
  /** A string of this many bytes in each resource's inputs and outputs. */
  padBytes?: number;
}

const NOOP_PROVIDER = 'exports.handler=()=>({create:async()=>({id:require("crypto").randomUUID()})})';
const PADDED_PROVIDER = 'exports.handler=()=>({create:async(i)=>({id:require("crypto").randomUUID(),outs:{pad:i.pad}})})';

class Noop extends pulumi.CustomResource {
  constructor(name: string, props: pulumi.Inputs) {
    super('pulumi-nodejs:dynamic/bench:Noop', name, props);
  }
}

export function declareNoopStack(groups: GroupSpec[], { properties = 0, padBytes = 0 }: NoopWeight): pulumi.CustomResource[] {
  const extra: pulumi.Inputs = {};
  for (let i = 0; i < properties; i++) extra[`property${i}`] = undefined;
  if (padBytes > 0) extra.pad = 'x'.repeat(padBytes);
  const provider = padBytes > 0 ? PADDED_PROVIDER : NOOP_PROVIDER;
  const noop = (name: string, props: pulumi.Inputs): Noop => new Noop(name, { ...props, ...extra, __provider: provider });
  const resources: pulumi.CustomResource[] = [];
  for (const group of groups) {
    const connector = noop(group.key, {});
    const configs = group.configs.map((_, i) => noop(`${group.key}-config-${i}`, { connectorId: connector.id }));
    const connections = group.connections.map((connection, i) =>
      noop(`${group.key}-connection-${i}`, { connectorId: connector.id, authSchemeConfigId: configs[connection.config].id }),
    );
    resources.push(connector, ...configs, ...connections);
  }
  return resources;
}
