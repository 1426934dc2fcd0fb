// The generated program: names unique and stable, values and references written as a person would, nothing read able
// to become code, and byte-identical output for the same organisation.
import { strict as assert } from 'node:assert';
import * as ts from 'typescript';
import type { AuthSchemeConfig, ConnectionCredential, Connector } from '../../api/schemas';
import { literal, expression } from '../../adopt/code';
import { NameAllocator } from '../../adopt/names';
import { generateProgram } from '../../adopt/program';

const ORG = '01J0000000000000000000000A';
const at = '2026-01-01T00:00:00Z';

function connector(id: string, name: string, extra: Partial<Connector> = {}): Connector {
  const base = { id, organisationId: ORG, name, public: false, authSchemeConfigs: [], connections: [], versions: [], createdAt: at, updatedAt: at };
  return { ...base, protocol: 'http', baseUrl: 'https://api.example.com', ...extra } as Connector;
}

const withConnection: Connector = connector('01J00000000000000000000C01', 'CRM', {
  authSchemeConfigs: [{ id: '01J00000000000000000000K01', schemeType: 'api-key', description: 'key', name: 'X-Key', in: 'header' }],
  connections: [
    {
      id: '01J00000000000000000000N01',
      name: 'prod',
      variables: [],
      createdAt: at,
      updatedAt: at,
      credentials: {
        action: [
          {
            id: '01J00000000000000000000A01',
            authSchemeConfig: { id: '01J00000000000000000000K01', schemeType: 'api-key', description: 'key', name: 'X-Key', in: 'header' },
            credential: { id: '01J00000000000000000000R01', organisationId: ORG, type: 'string', name: 'prod key', data: { value: '' } },
          },
        ],
      },
    },
  ],
});

/** The top-level statements of a source file, as the compiler parses them. */
function statements(source: string): string[] {
  return ts
    .createSourceFile('index.ts', source, ts.ScriptTarget.ES2022, true)
    .statements.map((s) => (ts.isImportDeclaration(s) ? 'import' : ts.isVariableStatement(s) ? 'const' : ts.SyntaxKind[s.kind]));
}

describe('adopt/program', () => {
  it('names objects after their names, unique however they differ, in the order asked', () => {
    const names = new NameAllocator();
    assert.deepEqual(names.allocate(['Example CRM'], 'connector'), { resource: 'example-crm', variable: 'exampleCrm' });
    assert.deepEqual(names.allocate(['example-crm!'], 'connector'), { resource: 'example-crm-2', variable: 'exampleCrm2' });
    assert.deepEqual(names.allocate(['3rd party'], 'connector'), { resource: 'connector-3rd-party', variable: 'connector3rdParty' });
    assert.deepEqual(names.allocate(['  ', '***'], 'connection'), { resource: 'connection', variable: 'connection' });
    assert.deepEqual(names.allocate(['class'], 'connector'), { resource: 'class-2', variable: 'class2' });
  });

  it('writes literals a person would: bare keys, short values on one line, expressions as given', () => {
    assert.equal(literal({ name: 'x', in: 'header' }), '{ name: "x", in: "header" }');
    assert.equal(literal({ connectorId: expression('crm.id'), 'odd-key': 1, gone: undefined }), '{ connectorId: crm.id, "odd-key": 1 }');
    assert.equal(literal({ long: 'a'.repeat(60) }), `{\n  long: "${'a'.repeat(60)}",\n}`);
    assert.equal(literal('line\u2028break'), '"line\\u2028break"');
  });

  it('declares each object with its import id, a reference for each link and a config secret for each redacted field', () => {
    const program = generateProgram({ id: ORG, connectors: [withConnection], versions: {}, categories: {}, requests: 1 });
    assert.match(program.source, /const crm = new versori\.Connector\("crm", \{\n {2}name: "CRM",\n {2}baseUrl: "https:\/\/api\.example\.com",\n\}, \{ import: "01J00000000000000000000C01" \}\);/);
    assert.match(program.source, /connectorId: crm\.id/);
    assert.match(program.source, /authSchemeConfig: crmKey,/);
    assert.match(program.source, /value: config\.requireSecret\("crmProdAction0Value"\)/);
    assert.match(program.source, /\{ import: "01J00000000000000000000C01\/01J00000000000000000000N01" \}/);
    assert.deepEqual(program.secrets.map((s) => s.key), ['crmProdAction0Value']);
    assert.deepEqual(program.counts, { connectors: 1, authSchemeConfigs: 1, connections: 1, versions: 0, definitions: 0, actions: 0, triggers: 0, publications: 0 });
  });

  it('declares the categories read for a connector that has some, in the order read, and none for one without', () => {
    const other = connector('01J00000000000000000000C02', 'ERP');
    const organisation = { id: ORG, connectors: [withConnection, other], versions: {}, categories: { [withConnection.id]: ['CRM', 'Development & IT'] as const }, requests: 14 };
    const program = generateProgram(organisation);
    assert.match(
      program.source,
      /const crm = new versori\.Connector\("crm", \{\n {2}name: "CRM",\n {2}baseUrl: "https:\/\/api\.example\.com",\n {2}categories: \["CRM", "Development & IT"\],\n\}, \{ import: "01J00000000000000000000C01" \}\);/,
    );
    assert.match(program.source, /const erp = new versori\.Connector\("erp", \{\n {2}name: "ERP",\n {2}baseUrl: "https:\/\/api\.example\.com",\n\}, \{ import: "01J00000000000000000000C02" \}\);/);
    assert.equal(generateProgram(structuredClone(organisation)).source, program.source);
  });

  it('without secrets: each credential with unmanagedSecrets and without its secret fields, each grant without clientSecret, no config secret', () => {
    const oauth: AuthSchemeConfig = {
      id: '01J00000000000000000000K02',
      schemeType: 'oauth2',
      description: 'oauth',
      authorizeUrl: 'https://a.example.com',
      tokenUrl: 'https://t.example.com',
      scopes: [],
      defaultScopes: [],
      grant: { grantType: 'authorization_code', clientId: 'cid', credentialId: '01J00000000000000000000R09', organisationId: ORG },
    };
    const basic: ConnectionCredential = {
      id: '01J00000000000000000000A02',
      authSchemeConfig: oauth,
      credential: { id: '01J00000000000000000000R02', organisationId: ORG, type: 'oauth2-password', name: 'user', data: { username: 'u', password: '' } },
    };
    const crm = structuredClone(withConnection);
    crm.authSchemeConfigs.push(oauth);
    crm.connections[0].credentials.trigger = [basic];
    const organisation = { id: ORG, connectors: [crm], versions: {}, categories: {}, requests: 1 };
    const program = generateProgram(organisation, { withoutSecrets: true });
    assert.match(program.source, /credential: \{\n\s+name: "prod key",\n\s+type: "string",\n\s+unmanagedSecrets: true,\n\s+data: \{\},\n\s+\}/);
    assert.match(program.source, /unmanagedSecrets: true,\n\s+data: \{ username: "u" \}/);
    assert.match(program.source, /grant: \{\n\s+grantType: "authorization_code",\n\s+clientId: "cid",\n\s+\}/);
    assert.doesNotMatch(program.source, /requireSecret|password:|clientSecret|new pulumi\.Config/);
    assert.deepEqual(program.secrets, []);
    assert.deepEqual(program.unmanaged, [
      { belongsTo: 'auth scheme config "oauth" (oauth2) of connector "CRM": the OAuth 2.0 grant', fields: ['clientSecret'] },
      { belongsTo: 'connection "prod" of connector "CRM": action credential "prod key" (string)', fields: ['value'] },
      { belongsTo: 'connection "prod" of connector "CRM": trigger credential "user" (oauth2-password)', fields: ['password'] },
    ]);
    assert.equal(generateProgram(structuredClone(organisation), { withoutSecrets: true }).source, program.source);
    const withSecrets = generateProgram(organisation);
    assert.deepEqual(withSecrets.secrets.map((s) => s.key), ['crmOauthClientSecret', 'crmProdAction0Value', 'crmProdTrigger0Password']);
    assert.deepEqual([withSecrets.unmanaged, /unmanagedSecrets/.test(withSecrets.source)], [[], false]);
  });

  it('gives byte-identical output for the same organisation', () => {
    const other = connector('01J00000000000000000000C02', 'crm');
    const first = generateProgram({ id: ORG, connectors: [withConnection, other], versions: {}, categories: {}, requests: 1 }).source;
    const again = generateProgram({ id: ORG, connectors: [structuredClone(withConnection), structuredClone(other)], versions: {}, categories: {}, requests: 1 }).source;
    assert.equal(first, again);
    assert.match(first, /const crm2 = new versori\.Connector\("crm-2"/);
  });

  it('lets nothing read become code: a name that ends a comment or a string stays text', () => {
    const hostile = 'x\nprocess.exit(1) // \u2028require("child_process")';
    const program = generateProgram({ id: ORG, connectors: [connector('01J00000000000000000000C03', hostile)], versions: {}, categories: {}, requests: 1 });
    assert.deepEqual(statements(program.source), ['import', 'const']);
    assert.doesNotMatch(program.source, /^process\.exit/m);
    assert.doesNotMatch(program.source, /\u2028/);
  });

  it('writes a connection without credentials as a comment, with a warning', () => {
    const bare = connector('01J00000000000000000000C04', 'Bare', {
      connections: [{ id: '01J00000000000000000000N04', name: 'empty', variables: [], credentials: {}, createdAt: at, updatedAt: at }],
    });
    const program = generateProgram({ id: ORG, connectors: [bare], versions: {}, categories: {}, requests: 1 });
    assert.match(program.source, /\/\/ connection "empty" of connector "Bare" \(01J00000000000000000000N04\): not declared/);
    assert.equal(program.warnings.length, 1);
  });
});
