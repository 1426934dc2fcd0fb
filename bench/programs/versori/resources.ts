// The benchmark's stack of Versori resources: per group, a connector, two auth scheme configs on it and two
// connections, each using one of the configs. Shared by the program (index.ts) and bench/properties.ts.
import type * as pulumi from '@pulumi/pulumi';
import { AuthSchemeConfig, Connection, Connector } from 'pulumi-versori';
import type { GroupSpec } from '../../stack';

export function declareVersoriStack(groups: GroupSpec[]): pulumi.CustomResource[] {
  const resources: pulumi.CustomResource[] = [];
  for (const group of groups) {
    const connector = new Connector(group.key, group.connector);
    const configs = group.configs.map((config, i) => new AuthSchemeConfig(`${group.key}-config-${i}`, { ...config, connectorId: connector.id }));
    const connections = group.connections.map(
      (connection, i) =>
        new Connection(`${group.key}-connection-${i}`, {
          connectorId: connector.id,
          name: connection.name,
          credentials: { action: [{ authSchemeConfig: configs[connection.config], credential: connection.credential }] },
        }),
    );
    resources.push(connector, ...configs, ...connections);
  }
  return resources;
}
