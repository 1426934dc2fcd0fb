// The program that declares what was read: one declaration per object, references as expressions, literal values for
// what was read, `{ import: "<id>" }` on each, and a stack config secret for every secret the API never returns (or,
// without secrets, each such secret left out and left to the platform).
import {
  CREDENTIAL_LISTS,
  SECRET_CREDENTIAL_FIELDS,
  type AuthSchemeConfig,
  type Connection,
  type ConnectionCredential,
  type Connector,
  type CredentialList,
} from '../api/schemas';
import { commentText, expression, literal, stringLiteral } from './code';
import { NameAllocator } from './names';
import type { Organisation } from './read';
import { writeVersions } from './program-versions';

/** A secret the program reads from the stack config: `pulumi config set --secret <key>`. */
export interface RequiredSecret {
  readonly key: string;
  /** What it belongs to, e.g. `connection "prod" of connector "CRM": action credential "prod key" (string), value`. */
  readonly belongsTo: string;
}

/** A secret left out of the program (`withoutSecrets`): the platform keeps it as it holds it. */
export interface UnmanagedSecret {
  /** What it belongs to, e.g. `connection "prod" of connector "CRM": action credential "prod key" (string)`. */
  readonly belongsTo: string;
  /** The data fields (or the grant's `clientSecret`) left out. */
  readonly fields: readonly string[];
}

export interface GenerateOptions {
  /** Leave out every secret the API never returns: credentials with `unmanagedSecrets: true`, grants without `clientSecret`. */
  readonly withoutSecrets?: boolean;
}

export interface GeneratedProgram {
  /** index.ts */
  readonly source: string;
  readonly secrets: readonly RequiredSecret[];
  readonly unmanaged: readonly UnmanagedSecret[];
  /** Objects written as comments only, and why. */
  readonly warnings: readonly string[];
  readonly counts: Readonly<Record<'connectors' | 'authSchemeConfigs' | 'connections' | 'versions' | 'definitions' | 'actions' | 'triggers' | 'publications', number>>;
}

interface Writer {
  readonly names: NameAllocator;
  readonly lines: string[];
  readonly secrets: RequiredSecret[];
  readonly withoutSecrets: boolean;
  readonly unmanaged: UnmanagedSecret[];
  readonly warnings: string[];
}

function declaration(w: Writer, variable: string, className: string, resource: string, args: object, importId: string): void {
  w.lines.push(`const ${variable} = new versori.${className}(${stringLiteral(resource)}, ${literal(args)}, { import: ${stringLiteral(importId)} });`);
}

function connectorArgs(c: Connector, categories: readonly string[]): Record<string, unknown> {
  const tags = c.tags !== undefined && Object.keys(c.tags).length > 0 ? c.tags : undefined;
  return {
    name: c.name,
    ...(c.protocol === 'http' ? { baseUrl: c.baseUrl } : { protocol: 'bigquery', datasetId: c.datasetId }),
    documentationURL: c.documentationURL,
    imageURL: c.imageURL,
    public: c.public ? true : undefined,
    tags,
    categories: categories.length > 0 ? categories : undefined,
    connectionVariables: c.connectionVariables !== undefined && c.connectionVariables.length > 0 ? c.connectionVariables : undefined,
  };
}

function configArgs(w: Writer, connector: string, config: AuthSchemeConfig, variable: string, owner: string): Record<string, unknown> {
  const base = { connectorId: expression(`${connector}.id`), schemeType: config.schemeType, description: config.description };
  switch (config.schemeType) {
    case 'none':
    case 'basic-auth':
    case 'certificate':
      return base;
    case 'api-key':
      return { ...base, name: config.name, in: config.in };
    case 'hmac':
      return { ...base, name: config.name, in: config.in, algorithm: config.algorithm, digestInputs: config.digestInputs };
    case 'oauth2': {
      const grant = config.grant;
      const heldSecret = grant.grantType !== 'client_credentials' && grant.credentialId !== undefined;
      const hasSecret = heldSecret && !w.withoutSecrets;
      const key = `${variable}ClientSecret`;
      if (hasSecret) w.secrets.push({ key, belongsTo: `${owner}: the OAuth 2.0 grant's client secret` });
      else if (heldSecret) w.unmanaged.push({ belongsTo: `${owner}: the OAuth 2.0 grant`, fields: ['clientSecret'] });
      return {
        ...base,
        authorizeUrl: config.authorizeUrl,
        tokenUrl: config.tokenUrl,
        scopes: config.scopes.length > 0 ? config.scopes : undefined,
        defaultScopes: config.defaultScopes.length > 0 ? config.defaultScopes : undefined,
        additionalAuthorizeParams: config.additionalAuthorizeParams,
        additionalTokenParams: config.additionalTokenParams,
        mtlsEnabled: config.mtlsEnabled,
        mtlsCredentialId: config.mtlsCredentialId,
        grant:
          grant.grantType === 'client_credentials'
            ? { grantType: grant.grantType }
            : { grantType: grant.grantType, clientId: grant.clientId, clientSecret: hasSecret ? expression(`config.requireSecret(${stringLiteral(key)})`) : undefined },
      };
    }
  }
}

/** A credential's args: each secret data field read from the stack config, or, without secrets, left out. */
function credentialArgs(w: Writer, credential: ConnectionCredential['credential'], list: CredentialList, i: number, variable: string, owner: string): Record<string, unknown> {
  const secretFields: readonly string[] = SECRET_CREDENTIAL_FIELDS[credential.type];
  const what = `${owner}: ${list} credential "${credential.name}" (${credential.type})`;
  const { name, type } = credential;
  if (w.withoutSecrets && secretFields.length > 0) {
    w.unmanaged.push({ belongsTo: what, fields: secretFields });
    const data = Object.fromEntries(Object.entries(credential.data).filter(([field]) => !secretFields.includes(field)));
    return { name, type, unmanagedSecrets: true, data };
  }
  const data = Object.fromEntries(
    Object.entries(credential.data).map(([field, value]) => {
      if (!secretFields.includes(field)) return [field, value];
      const key = `${variable}${list[0].toUpperCase()}${list.slice(1)}${i}${field[0].toUpperCase()}${field.slice(1)}`;
      w.secrets.push({ key, belongsTo: `${what}, ${field}` });
      return [field, expression(`config.requireSecret(${stringLiteral(key)})`)];
    }),
  );
  return { name, type, data };
}

function connectionArgs(w: Writer, connector: string, connection: Connection, variable: string, configs: Map<string, string>, owner: string): Record<string, unknown> | undefined {
  const credentials: Record<string, unknown[]> = {};
  for (const list of CREDENTIAL_LISTS) {
    const items = connection.credentials[list];
    if (items === undefined) continue;
    credentials[list] = items.map((item, i) => {
      const config = configs.get(item.authSchemeConfig.id);
      return {
        authSchemeConfig: config === undefined ? { id: item.authSchemeConfig.id, schemeType: item.authSchemeConfig.schemeType } : expression(config),
        credential: credentialArgs(w, item.credential, list, i, variable, owner),
      };
    });
  }
  if (Object.keys(credentials).length === 0) {
    w.warnings.push(`${owner} has no credentials, which a Connection resource requires: written as a comment`);
    return undefined;
  }
  return { connectorId: expression(`${connector}.id`), name: connection.name, variables: connection.variables.length > 0 ? connection.variables : undefined, credentials };
}

function writeConnector(w: Writer, c: Connector, versions: Organisation['versions'][string], categories: Organisation['categories'][string]): ReturnType<typeof writeVersions> {
  const connector = w.names.allocate([c.name], 'connector');
  const owner = `connector "${c.name}"`;
  w.lines.push('', `// ${commentText(owner)} (${c.id})`);
  declaration(w, connector.variable, 'Connector', connector.resource, connectorArgs(c, categories), c.id);
  const configs = new Map<string, string>();
  for (const config of [...c.authSchemeConfigs].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const name = w.names.allocate([c.name, config.description || config.schemeType], 'auth-scheme-config');
    configs.set(config.id, name.variable);
    const what = `auth scheme config "${config.description}" (${config.schemeType}) of ${owner}`;
    declaration(w, name.variable, 'AuthSchemeConfig', name.resource, configArgs(w, connector.variable, config, name.variable, what), `${c.id}/${config.id}`);
  }
  for (const connection of [...c.connections].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const name = w.names.allocate([c.name, connection.name], 'connection');
    const what = `connection "${connection.name}" of ${owner}`;
    const args = connectionArgs(w, connector.variable, connection, name.variable, configs, what);
    if (args === undefined) w.lines.push(`// ${commentText(what)} (${connection.id}): not declared, it has no credentials`);
    else w.lines.push(`new versori.Connection(${stringLiteral(name.resource)}, ${literal(args)}, { import: ${stringLiteral(`${c.id}/${connection.id}`)} });`);
  }
  return writeVersions(w.lines, w.names, { variable: connector.variable, name: c.name, id: c.id }, versions);
}

/** The program for `organisation`: byte-identical for the same organisation and options. */
export function generateProgram(organisation: Organisation, options: GenerateOptions = {}): GeneratedProgram {
  const w: Writer = { names: new NameAllocator(), lines: [], secrets: [], withoutSecrets: options.withoutSecrets === true, unmanaged: [], warnings: [] };
  const versionCounts = organisation.connectors.map((connector) =>
    writeConnector(w, connector, organisation.versions[connector.id] ?? [], organisation.categories[connector.id] ?? []),
  );
  const total = (key: keyof (typeof versionCounts)[number]) => versionCounts.reduce((n, counts) => n + counts[key], 0);
  const header = [
    `// Declares what organisation ${organisation.id} holds, as versori-adopt read it. Each object is adopted (the`,
    '// `import` option), so the first `pulumi up` changes nothing; edit a value and `pulumi up` applies it.',
    ...(w.secrets.length > 0 ? ['import * as pulumi from "@pulumi/pulumi";'] : []),
    'import * as versori from "pulumi-versori";',
    ...(w.secrets.length > 0 ? ['', 'const config = new pulumi.Config();'] : []),
  ];
  const counts = {
    connectors: organisation.connectors.length,
    authSchemeConfigs: organisation.connectors.reduce((n, c) => n + c.authSchemeConfigs.length, 0),
    connections: organisation.connectors.reduce((n, c) => n + c.connections.length, 0),
    versions: total('versions'),
    definitions: total('definitions'),
    actions: total('actions'),
    triggers: total('triggers'),
    publications: total('publications'),
  };
  return { source: `${[...header, ...w.lines].join('\n')}\n`, secrets: w.secrets, unmanaged: w.unmanaged, warnings: w.warnings, counts };
}

const NOUNS: Record<keyof GeneratedProgram['counts'], string> = {
  connectors: 'connectors',
  authSchemeConfigs: 'auth scheme configs',
  connections: 'connections',
  versions: 'connector versions',
  definitions: 'definitions',
  actions: 'actions',
  triggers: 'triggers',
  publications: 'publications',
};

/** "1 connectors, 2 auth scheme configs, …" for every kind. */
export function describeCounts(counts: GeneratedProgram['counts']): string {
  return (Object.keys(NOUNS) as Array<keyof typeof NOUNS>).map((key) => `${counts[key]} ${NOUNS[key]}`).join(', ');
}
