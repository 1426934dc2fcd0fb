import { strict as assert } from 'node:assert';
import { Connection, ConnectorConnectionPage, HttpConnector } from '../../api/schemas';
import { apiKeyConfig, basicAuthConfig, connectionBody, fieldNames, httpConnectorBody, newUlid, oauth2Config, obj, useEmulator, type Client } from './support';

async function createConnector(client: Client, overrides: Record<string, unknown> = {}): Promise<HttpConnector> {
  const res = await client.post('/protocols/http/connectors', httpConnectorBody(overrides));
  assert.equal(res.status, 201, res.text);
  return HttpConnector.parse(res.body);
}

async function createConnection(client: Client, connectorId: string, body: Record<string, unknown>): Promise<Connection> {
  const res = await client.post(`/connectors/${connectorId}/connections`, body);
  assert.equal(res.status, 200, res.text);
  return Connection.parse(res.body);
}

/** Each credential type with data whose secret parts hold a string that must never come back: they read back as "". */
const CREDENTIAL_CASES: Array<{ type: string; data: Record<string, unknown>; readBack: Record<string, unknown>; readType?: string }> = [
  { type: 'none', data: {}, readBack: {} },
  { type: 'string', data: { value: 'SECRET-string' }, readBack: { value: '' } },
  { type: 'binary', data: { valueBase64: 'U0VDUkVULWJpbmFyeQ==' }, readBack: { valueBase64: '' } },
  { type: 'basic-auth', data: { username: 'user', password: 'SECRET-basic' }, readBack: { username: 'user', password: '' } },
  {
    type: 'oauth2-client',
    data: { clientId: 'cid', clientSecret: 'SECRET-client', authorizeUrl: 'https://a.example.com/a', tokenUrl: 'https://a.example.com/t', scopes: ['read'] },
    readBack: { clientId: 'cid', clientSecret: '', authorizeUrl: 'https://a.example.com/a', tokenUrl: 'https://a.example.com/t', scopes: ['read'] },
  },
  { type: 'oauth2-password', data: { username: 'user', password: 'SECRET-password' }, readBack: { username: 'user', password: '' } },
  { type: 'oauth2-code', data: { code: 'SECRET-code', state: 'st' }, readBack: { scopes: ['read'], accessToken: '', refreshToken: '' }, readType: 'oauth2-token' },
  { type: 'oauth2-token', data: { scopes: ['read'], accessToken: 'SECRET-access', refreshToken: 'SECRET-refresh' }, readBack: { scopes: ['read'], accessToken: '', refreshToken: '' } },
  { type: 'oauth2-token', data: { scopes: ['read'] }, readBack: { scopes: ['read'], accessToken: '', refreshToken: '' } },
  { type: 'certificate', data: { certificate: 'CERT', key: 'SECRET-key', ca: 'CA' }, readBack: { certificate: 'CERT', key: '', ca: 'CA' } },
];

describe('emulator connections', () => {
  const { client } = useEmulator();

  describe('redaction', () => {
    for (const testCase of CREDENTIAL_CASES) {
      it(`redacts ${testCase.type} credentials on every response that carries them, as "" (${Object.keys(testCase.data).join(', ') || 'no data'})`, async () => {
        const config = testCase.type.startsWith('oauth2') ? oauth2Config() : apiKeyConfig();
        const connector = await createConnector(client(), { authSchemeConfigs: [config] });
        const body = connectionBody(config, { type: testCase.type, data: testCase.data });
        const created = await client().post(`/connectors/${connector.id}/connections`, body);
        assert.equal(created.status, 200, created.text);
        const connection = Connection.parse(created.body);
        const connectionPath = `/connectors/${connector.id}/connections/${connection.id}`;
        const responses = [
          created,
          await client().get(connectionPath),
          await client().get(`/connectors/${connector.id}`),
          await client().get('/connectors', { query: { name: connector.name } }),
          await client().put(connectionPath, { id: connection.id, name: connection.name }),
          await client().put(`/connectors/${connector.id}`, { ...connector, name: `${connector.name}-x` }),
          await client().post('/protocols/http/connectors', httpConnectorBody({ authSchemeConfigs: [config], connections: [body] })),
        ];
        for (const res of responses) {
          assert.ok(res.status === 200 || res.status === 201, res.text);
          assert.ok(!res.text.includes('SECRET'), `a secret leaked: ${res.text}`);
        }
        const read = Connection.parse((await client().get(connectionPath)).body);
        const credential = read.credentials.action?.[0]?.credential;
        assert.equal(credential?.type, testCase.readType ?? testCase.type);
        assert.deepEqual(credential?.data, testCase.readBack);
        assert.equal(credential?.organisationId, client().org);
        assert.equal(credential?.name, 'cred');
        const echoed = await client().put(connectionPath, { id: read.id, name: read.name, credentials: { action: read.credentials.action } });
        assert.equal(echoed.status, 200, `a credential echoed as read (secrets as "") is unchanged: ${echoed.text}`);
      });
    }
  });

  describe('create', () => {
    it('answers 200 (not 201) with the connection, whose variables start from the connector defaults', async () => {
      const config = apiKeyConfig();
      const connector = await createConnector(client(), { authSchemeConfigs: [config], connectionVariables: [{ name: 'a', value: 'default' }, { name: 'b', value: 'x' }] });
      const res = await client().post(`/connectors/${connector.id}/connections`, connectionBody(config, { type: 'string', data: { value: 's' } }, { name: 'c1', variables: [{ name: 'b', value: 'own' }] }));
      assert.equal(res.status, 200);
      const connection = Connection.parse(res.body);
      assert.equal(connection.name, 'c1');
      assert.deepEqual(connection.variables, [{ name: 'a', value: 'default' }, { name: 'b', value: 'own' }]);
      assert.deepEqual(connection.credentials.action?.[0]?.authSchemeConfig, config);
      assert.equal(connection.credentials.trigger, undefined);
      const after = HttpConnector.parse((await client().get(`/connectors/${connector.id}`)).body);
      assert.ok(after.updatedAt > connector.updatedAt, 'a new connection moves the connector updatedAt');
      assert.deepEqual(after.connections.map((c) => c.id), [connection.id]);
    });

    it('validates credential data per type with full field paths', async () => {
      const config = apiKeyConfig();
      const connector = await createConnector(client(), { authSchemeConfigs: [config] });
      const cases: Array<[string, Record<string, unknown>, string[]]> = [
        ['string', {}, ['credentials.action[0].credential.data.value']],
        ['string', { value: 3 }, ['credentials.action[0].credential.data.value']],
        ['binary', { valueBase64: 'not base64!' }, ['credentials.action[0].credential.data.valueBase64']],
        ['basic-auth', { username: 'u' }, ['credentials.action[0].credential.data.password']],
        ['none', { extra: 1 }, ['credentials.action[0].credential.data']],
        ['oauth2-client', { clientId: 'c', clientSecret: 's', authorizeUrl: 'x', tokenUrl: 'https://t.example.com' }, ['credentials.action[0].credential.data.authorizeUrl']],
        ['oauth2-code', { state: 's' }, ['credentials.action[0].credential.data.code']],
        ['oauth2-token', {}, ['credentials.action[0].credential.data.scopes']],
        ['certificate', { certificate: 'c', ca: 'a' }, ['credentials.action[0].credential.data.key']],
        ['jwt-bearer', {}, ['credentials.action[0].credential.type']],
        ['custom-function', {}, ['credentials.action[0].credential.type']],
      ];
      for (const [type, data, fields] of cases) {
        const res = await client().post(`/connectors/${connector.id}/connections`, connectionBody(config, { type, data }));
        assert.equal(res.status, 400, `${type} ${JSON.stringify(data)}`);
        assert.deepEqual(fieldNames(res.body), fields, type);
      }
      const trigger = await client().post(`/connectors/${connector.id}/connections`, {
        name: 'tr',
        variables: [],
        credentials: { trigger: [{ authSchemeConfig: config, credential: { name: 'c', type: 'string', data: {} } }] },
      });
      assert.deepEqual(fieldNames(trigger.body), ['credentials.trigger[0].credential.data.value']);
      const none = await client().post(`/connectors/${connector.id}/connections`, { name: 'n', variables: [], credentials: {} });
      assert.equal(none.status, 400);
      assert.deepEqual(fieldNames(none.body), ['credentials']);
      const missing = await client().post(`/connectors/${connector.id}/connections`, { credentials: { action: [] } });
      assert.deepEqual(fieldNames(missing.body).sort(), ['name', 'variables']);
      assert.equal(HttpConnector.parse((await client().get(`/connectors/${connector.id}`)).body).connections.length, 0);
    });

    it('rejects a config that is not the connector\'s, or of another scheme type', async () => {
      const config = apiKeyConfig();
      const connector = await createConnector(client(), { authSchemeConfigs: [config] });
      const foreign = await client().post(`/connectors/${connector.id}/connections`, connectionBody(apiKeyConfig(), { type: 'string', data: { value: 's' } }));
      assert.equal(foreign.status, 400);
      assert.deepEqual(fieldNames(foreign.body), ['credentials.action[0].authSchemeConfig.id']);
      const otherType = await client().post(`/connectors/${connector.id}/connections`, connectionBody(basicAuthConfig(String(config.id)), { type: 'basic-auth', data: { username: 'u', password: 'p' } }));
      assert.equal(otherType.status, 400);
      assert.deepEqual(fieldNames(otherType.body), ['credentials.action[0].authSchemeConfig.schemeType']);
      const inCreate = await client().post('/protocols/http/connectors', httpConnectorBody({ authSchemeConfigs: [config], connections: [connectionBody(apiKeyConfig(), { type: 'none', data: {} })] }));
      assert.equal(inCreate.status, 400);
      assert.deepEqual(fieldNames(inCreate.body), ['connections[0].credentials.action[0].authSchemeConfig.id']);
    });

    it('answers 409 for a duplicate name within the connector, but allows it in another connector', async () => {
      const config = apiKeyConfig();
      const connector = await createConnector(client(), { authSchemeConfigs: [config] });
      const body = connectionBody(config, { type: 'string', data: { value: 's' } }, { name: 'dup' });
      await createConnection(client(), connector.id, body);
      const again = await client().post(`/connectors/${connector.id}/connections`, body);
      assert.equal(again.status, 409);
      assert.equal(obj(again.body).code, 'conflict');
      const other = await createConnector(client(), { authSchemeConfigs: [config] });
      assert.equal((await client().post(`/connectors/${other.id}/connections`, body)).status, 200);
    });

    it('answers 404 on an absent connector', async () => {
      const res = await client().post(`/connectors/${newUlid()}/connections`, connectionBody(apiKeyConfig(), { type: 'none', data: {} }));
      assert.equal(res.status, 404);
    });
  });

  describe('update', () => {
    async function setup(): Promise<{ connector: HttpConnector; configs: Array<Record<string, unknown>>; connection: Connection; path: string }> {
      const configs = [apiKeyConfig(), apiKeyConfig(undefined, 'other key'), basicAuthConfig()];
      const connector = await createConnector(client(), { authSchemeConfigs: configs });
      const connection = await createConnection(client(), connector.id, {
        name: `conn-${newUlid()}`,
        variables: [{ name: 'v', value: '1' }],
        credentials: {
          action: [
            { authSchemeConfig: configs[0], credential: { name: 'a', type: 'string', data: { value: 'SECRET-a' } } },
            { authSchemeConfig: configs[2], credential: { name: 'b', type: 'basic-auth', data: { username: 'u', password: 'SECRET-b' } } },
          ],
        },
      });
      return { connector, configs, connection, path: `/connectors/${connector.id}/connections/${connection.id}` };
    }

    const refs = (connection: Connection): Array<{ id: string; authSchemeConfig: unknown }> =>
      (connection.credentials.action ?? []).map((c) => ({ id: c.id, authSchemeConfig: c.authSchemeConfig }));

    it('renames, keeps variables when absent, replaces them when present, and moves updatedAt (and the connector\'s)', async () => {
      const { connector, connection, path } = await setup();
      const renamed = await client().put(path, { id: connection.id, name: 'new-name' });
      assert.equal(renamed.status, 200);
      const r = Connection.parse(renamed.body);
      assert.equal(r.name, 'new-name');
      assert.deepEqual(r.variables, [{ name: 'v', value: '1' }]);
      assert.ok(r.updatedAt > connection.updatedAt);
      assert.deepEqual(refs(r), refs(connection));
      const cleared = Connection.parse((await client().put(path, { id: connection.id, name: 'new-name', variables: [] })).body);
      assert.deepEqual(cleared.variables, []);
      const read = HttpConnector.parse((await client().get(`/connectors/${connector.id}`)).body);
      assert.equal(read.updatedAt, cleared.updatedAt);
    });

    it('reorders credentials and switches a credential to another config of the same scheme type', async () => {
      const { configs, connection, path } = await setup();
      const [first, second] = refs(connection);
      assert.ok(first !== undefined && second !== undefined);
      const res = await client().put(path, { id: connection.id, name: connection.name, credentials: { action: [second, { ...first, authSchemeConfig: configs[1] }] } });
      assert.equal(res.status, 200, res.text);
      const updated = Connection.parse(res.body);
      assert.deepEqual(refs(updated), [second, { id: first.id, authSchemeConfig: configs[1] }]);
      assert.deepEqual(updated.credentials.action?.map((c) => c.credential.name), ['b', 'a']);
    });

    it('answers 400 when a credential would change scheme type, or credentials are added or removed', async () => {
      const { configs, connection, path } = await setup();
      const [first, second] = refs(connection);
      assert.ok(first !== undefined && second !== undefined);
      const schemeChange = await client().put(path, { id: connection.id, name: connection.name, credentials: { action: [{ ...first, authSchemeConfig: configs[2] }, second] } });
      assert.equal(schemeChange.status, 400);
      assert.deepEqual(fieldNames(schemeChange.body), ['credentials.action[0].authSchemeConfig.schemeType']);
      const added = await client().put(path, { id: connection.id, name: connection.name, credentials: { action: [first, second, { ...first, id: newUlid() }] } });
      assert.deepEqual(fieldNames(added.body), ['credentials.action[2].id']);
      const removed = await client().put(path, { id: connection.id, name: connection.name, credentials: { action: [first] } });
      assert.equal(removed.status, 400);
      assert.deepEqual(fieldNames(removed.body), ['credentials.action']);
      const twice = await client().put(path, { id: connection.id, name: connection.name, credentials: { action: [first, first] } });
      assert.deepEqual(fieldNames(twice.body), ['credentials.action[1].id']);
      const foreign = await client().put(path, { id: connection.id, name: connection.name, credentials: { action: [{ ...first, authSchemeConfig: apiKeyConfig() }, second] } });
      assert.deepEqual(fieldNames(foreign.body), ['credentials.action[0].authSchemeConfig.id']);
      const unchanged = Connection.parse((await client().get(path)).body);
      assert.deepEqual(refs(unchanged), refs(connection));
    });

    it('answers 400 when the credential itself would change, and ignores it when echoed unchanged', async () => {
      const { connection, path } = await setup();
      const [first, second] = connection.credentials.action ?? [];
      assert.ok(first !== undefined && second !== undefined);
      const echoed = await client().put(path, { ...connection, credentials: { action: [first, second] } });
      assert.equal(echoed.status, 200, echoed.text);
      const changes: Array<[Record<string, unknown>, string]> = [
        [{ ...first.credential, type: 'certificate' }, 'credentials.action[0].credential.type'],
        [{ ...first.credential, name: 'renamed' }, 'credentials.action[0].credential.name'],
        [{ ...first.credential, data: { value: 'another secret' } }, 'credentials.action[0].credential.data.value'],
      ];
      for (const [credential, field] of changes) {
        const res = await client().put(path, { id: connection.id, name: connection.name, credentials: { action: [{ ...first, credential }, second] } });
        assert.equal(res.status, 400, field);
        assert.deepEqual(fieldNames(res.body), [field]);
      }
    });

    it('answers 400 when the body id differs from the path, 409 on a taken name, 404 when absent', async () => {
      const { connector, configs, connection, path } = await setup();
      const wrongId = await client().put(path, { id: newUlid(), name: connection.name });
      assert.equal(wrongId.status, 400);
      assert.deepEqual(fieldNames(wrongId.body), ['id']);
      const other = await createConnection(client(), connector.id, connectionBody(configs[0] ?? {}, { type: 'none', data: {} }, { name: 'taken' }));
      assert.equal((await client().put(path, { id: connection.id, name: 'taken' })).status, 409);
      assert.equal((await client().put(`/connectors/${connector.id}/connections/${other.id}`, { id: other.id, name: 'taken' })).status, 200);
      const absent = newUlid();
      assert.equal((await client().put(`/connectors/${connector.id}/connections/${absent}`, { id: absent, name: 'x' })).status, 404);
    });
  });

  describe('delete', () => {
    it('deletes: 204, then 404; the connector moves its updatedAt', async () => {
      const config = apiKeyConfig();
      const connector = await createConnector(client(), { authSchemeConfigs: [config] });
      const connection = await createConnection(client(), connector.id, connectionBody(config, { type: 'none', data: {} }));
      const path = `/connectors/${connector.id}/connections/${connection.id}`;
      const res = await client().delete(path);
      assert.equal(res.status, 204);
      assert.equal(res.text, '');
      assert.equal((await client().get(path)).status, 404);
      assert.equal((await client().delete(path)).status, 404);
      const read = HttpConnector.parse((await client().get(`/connectors/${connector.id}`)).body);
      assert.deepEqual(read.connections, []);
      assert.ok(read.updatedAt > connection.updatedAt);
    });

    it('answers 412 while in use unless force=true; an in-use connection makes its connector 409', async () => {
      const config = apiKeyConfig();
      const connector = await createConnector(client(), { authSchemeConfigs: [config] });
      const connection = await createConnection(client(), connector.id, connectionBody(config, { type: 'none', data: {} }));
      const path = `/connectors/${connector.id}/connections/${connection.id}`;
      client().emulator.markInUse(connector.id, connection.id);
      const refused = await client().delete(path);
      assert.equal(refused.status, 412);
      assert.equal(obj(refused.body).code, 'failed_precondition');
      assert.equal((await client().delete(`/connectors/${connector.id}`)).status, 409);
      assert.equal((await client().delete(path, { query: { force: 'true' } })).status, 204);
      assert.equal((await client().delete(`/connectors/${connector.id}`)).status, 204);
    });

    it('marks a connection in use over the admin route', async () => {
      const config = apiKeyConfig();
      const connector = await createConnector(client(), { authSchemeConfigs: [config] });
      const connection = await createConnection(client(), connector.id, connectionBody(config, { type: 'none', data: {} }));
      const path = `/connectors/${connector.id}/connections/${connection.id}`;
      assert.equal((await client().post('/_emulator/in-use', { connectorId: connector.id, connectionId: connection.id })).status, 200);
      assert.equal((await client().delete(path)).status, 412);
      assert.equal((await client().post('/_emulator/in-use', { connectorId: connector.id, connectionId: newUlid() })).status, 404);
    });
  });

  describe('list', () => {
    it('pages summaries most recently updated first', async () => {
      const config = apiKeyConfig();
      const connector = await createConnector(client(), { authSchemeConfigs: [config] });
      const created: Connection[] = [];
      for (let i = 0; i < 5; i += 1) created.push(await createConnection(client(), connector.id, connectionBody(config, { type: 'none', data: {} }, { name: `c${i}` })));
      const touched = created[1];
      assert.ok(touched !== undefined);
      await client().put(`/connectors/${connector.id}/connections/${touched.id}`, { id: touched.id, name: 'c1-renamed' });
      const expected = [touched.id, ...[4, 3, 2, 0].map((i) => created[i]?.id)];
      const first = await client().get(`/connectors/${connector.id}/connections`, { query: { first: '2' } });
      assert.equal(first.status, 200);
      const page1 = ConnectorConnectionPage.parse(first.body);
      assert.equal(page1.totalCount, 5);
      assert.deepEqual(Object.keys(page1.items[0] ?? {}).sort(), ['createdAt', 'id', 'name', 'updatedAt']);
      assert.equal(page1.items[0]?.name, 'c1-renamed');
      const page2 = ConnectorConnectionPage.parse((await client().get(`/connectors/${connector.id}/connections`, { query: { first: '2', after: String(page1.next) } })).body);
      const page3 = ConnectorConnectionPage.parse((await client().get(`/connectors/${connector.id}/connections`, { query: { first: '2', after: String(page2.next) } })).body);
      assert.deepEqual([...page1.items, ...page2.items, ...page3.items].map((c) => c.id), expected);
      assert.equal(page3.next, undefined);
      assert.ok(page3.prev !== undefined);
      const bad = await client().get(`/connectors/${connector.id}/connections`, { query: { first: '500' } });
      assert.equal(bad.status, 400);
      assert.equal((await client().get(`/connectors/${newUlid()}/connections`)).status, 404);
    });
  });
});
