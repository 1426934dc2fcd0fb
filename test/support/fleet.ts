// A stack of many small, independent units (connector + auth scheme config + connection), for the soak and the
// interruption suites. Every credential secret is derived from FLEET_SECRET_PREFIX, so a test can grep for them.
import * as pulumi from '@pulumi/pulumi';
import { AuthSchemeConfig, Connection, Connector, type CredentialInput } from '../../provider';

export const FLEET_SECRET_PREFIX = 'fleet-secret-5b1e0c';
export const RESOURCES_PER_UNIT = 3;

export function fleetSecret(index: number): string {
  return `${FLEET_SECRET_PREFIX}-${index}`;
}

export function fleetConnectorName(index: number): string {
  return `fleet-${String(index).padStart(3, '0')}`;
}

/** Unit i: an http connector, one auth scheme config (api-key, hmac or basic-auth by turn), one connection using it. */
export function fleetProgram(units: number): () => Promise<Record<string, pulumi.Output<string>>> {
  return async () => {
    const outputs: Record<string, pulumi.Output<string>> = {};
    for (let i = 0; i < units; i++) {
      const name = fleetConnectorName(i);
      const connector = new Connector(name, { name, baseUrl: `https://api-${i}.example.com/v1`, tags: { unit: String(i) } });
      const secret = pulumi.secret(fleetSecret(i));
      let credential: pulumi.Output<CredentialInput>;
      let scheme: AuthSchemeConfig;
      switch (i % 3) {
        case 0:
          scheme = new AuthSchemeConfig(`${name}-key`, {
            connectorId: connector.id,
            schemeType: 'api-key',
            description: `key of ${name}`,
            name: 'X-API-Key',
            in: 'header',
          });
          credential = secret.apply((value) => ({ name: `${name}-key`, type: 'string' as const, data: { value } }));
          break;
        case 1:
          scheme = new AuthSchemeConfig(`${name}-hmac`, {
            connectorId: connector.id,
            schemeType: 'hmac',
            description: `signature of ${name}`,
            name: 'X-Signature',
            in: 'header',
            algorithm: 'sha256',
            digestInputs: ['body', 'url'],
          });
          credential = secret.apply((value) => ({ name: `${name}-hmac`, type: 'string' as const, data: { value } }));
          break;
        default:
          scheme = new AuthSchemeConfig(`${name}-basic`, {
            connectorId: connector.id,
            schemeType: 'basic-auth',
            description: `basic auth of ${name}`,
          });
          credential = secret.apply((password) => ({
            name: `${name}-login`,
            type: 'basic-auth' as const,
            data: { username: `user-${i}`, password },
          }));
      }
      const connection = new Connection(`${name}-conn`, {
        connectorId: connector.id,
        name: `${name}-conn`,
        credentials: { action: [{ authSchemeConfig: scheme, credential }] },
      });
      outputs[`${name}-connection`] = connection.connectionId;
    }
    return outputs;
  };
}
