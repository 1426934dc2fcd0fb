// A CRM integration as one reusable Pulumi component: the connector, an API-key and an optional OAuth 2.0 auth scheme
// config, and one connection per environment. Teams install this package and declare `new CrmIntegration(...)`.
import * as pulumi from '@pulumi/pulumi';
import * as versori from 'pulumi-versori';

export interface CrmEnvironmentArgs {
  /** Connection name, unique within the connector (e.g. "staging"). */
  name: string;
  /** The API key this environment's workflows call the CRM with (keep it a secret). */
  apiKey: pulumi.Input<string>;
  /** Connection variables, on top of the integration's defaults. */
  variables?: Record<string, string>;
}

export interface CrmIntegrationArgs {
  /** Connector name on the Versori platform. */
  connectorName: pulumi.Input<string>;
  /** The CRM's API base URL. */
  baseUrl: pulumi.Input<string>;
  /** Header that carries the API key. Default `X-API-Key`. */
  apiKeyHeader?: pulumi.Input<string>;
  /** Adds an OAuth 2.0 client-credentials auth scheme config for the CRM's token endpoint. */
  oauth?: { authorizeUrl: pulumi.Input<string>; tokenUrl: pulumi.Input<string>; scopes: string[] };
  /** Variables every connection starts from. */
  defaultVariables?: Record<string, string>;
  /** One connection per environment. */
  environments: CrmEnvironmentArgs[];
  /** Tags on the connector. */
  tags?: Record<string, string>;
}

function variableList(variables: Record<string, string> | undefined): { name: string; value: string }[] {
  return Object.entries(variables ?? {}).map(([name, value]) => ({ name, value }));
}

export class CrmIntegration extends pulumi.ComponentResource {
  public readonly connectorId: pulumi.Output<string>;
  public readonly apiKeySchemeId: pulumi.Output<string>;
  public readonly oauthSchemeId: pulumi.Output<string | undefined>;
  /** Connection ids by environment name. */
  public readonly connectionIds: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: CrmIntegrationArgs, opts?: pulumi.ComponentResourceOptions) {
    super('example:versori:CrmIntegration', name, {}, opts);
    const parent = { parent: this };

    const connector = new versori.Connector(`${name}-connector`, {
      name: args.connectorName,
      baseUrl: args.baseUrl,
      tags: args.tags,
      connectionVariables: variableList(args.defaultVariables),
    }, parent);

    const apiKeyScheme = new versori.AuthSchemeConfig(`${name}-api-key`, {
      connectorId: connector.id,
      schemeType: 'api-key',
      description: 'API key header',
      name: args.apiKeyHeader ?? 'X-API-Key',
      in: 'header',
    }, parent);

    const oauthScheme = args.oauth && new versori.AuthSchemeConfig(`${name}-oauth2`, {
      connectorId: connector.id,
      schemeType: 'oauth2',
      description: 'OAuth 2.0 client credentials',
      authorizeUrl: args.oauth.authorizeUrl,
      tokenUrl: args.oauth.tokenUrl,
      scopes: args.oauth.scopes.map((scope) => ({ name: scope })),
      defaultScopes: args.oauth.scopes,
      grant: { grantType: 'client_credentials' },
    }, parent);

    const connections = args.environments.map((environment) => new versori.Connection(`${name}-${environment.name}`, {
      connectorId: connector.id,
      name: environment.name,
      variables: variableList({ ...args.defaultVariables, ...environment.variables }),
      credentials: {
        action: [{
          authSchemeConfig: apiKeyScheme,
          credential: { name: `${environment.name}-api-key`, type: 'string', data: { value: environment.apiKey } },
        }],
      },
    }, parent));

    this.connectorId = connector.id;
    this.apiKeySchemeId = apiKeyScheme.authSchemeConfigId;
    this.oauthSchemeId = oauthScheme ? oauthScheme.authSchemeConfigId : pulumi.output(undefined);
    this.connectionIds = pulumi
      .all(connections.map((connection) => connection.connectionId))
      .apply((ids) => Object.fromEntries(args.environments.map((environment, i) => [environment.name, ids[i]])));
    this.registerOutputs({
      connectorId: this.connectorId,
      apiKeySchemeId: this.apiKeySchemeId,
      oauthSchemeId: this.oauthSchemeId,
      connectionIds: this.connectionIds,
    });
  }
}
