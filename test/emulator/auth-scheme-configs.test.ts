import { strict as assert } from 'node:assert';
import { Connection, HttpConnector, type AuthSchemeConfig, type OAuth2SchemeConfig } from '../../api/schemas';
import { apiKeyConfig, basicAuthConfig, connectionBody, fieldNames, httpConnectorBody, newUlid, oauth2Config, obj, useEmulator, type Client } from './support';

async function createConnector(client: Client, authSchemeConfigs: unknown[] = []): Promise<HttpConnector> {
  const res = await client.post('/protocols/http/connectors', httpConnectorBody({ authSchemeConfigs }));
  assert.equal(res.status, 201, res.text);
  return HttpConnector.parse(res.body);
}

function oauth2Of(config: AuthSchemeConfig | undefined): OAuth2SchemeConfig {
  if (config?.schemeType !== 'oauth2') throw new Error(`expected an oauth2 config, got ${JSON.stringify(config)}`);
  return config;
}

describe('emulator auth scheme configs', () => {
  const { client } = useEmulator();
  const storedCredentialData = async (credentialId: string): Promise<Record<string, unknown>> => {
    const store = obj((await client().get('/_emulator/store')).body);
    const org = obj(obj(store.organisations)[client().org]);
    return obj(obj(obj(org.credentials)[credentialId]).data);
  };
  const configPath = (connectorId: string, id: string): string => `/connectors/${connectorId}/auth-scheme-configs/${id}`;

  it('upserts: appends a new config and returns the whole connector (200)', async () => {
    const first = apiKeyConfig();
    const connector = await createConnector(client(), [first]);
    const second = basicAuthConfig();
    const res = await client().put(configPath(connector.id, String(second.id)), second);
    assert.equal(res.status, 200);
    const updated = HttpConnector.parse(res.body);
    assert.deepEqual(updated.authSchemeConfigs, [first, second]);
    assert.ok(updated.updatedAt > connector.updatedAt);
  });

  it('upserts: replaces a config with the same id in place', async () => {
    const [a, b, c] = [apiKeyConfig(), basicAuthConfig(), apiKeyConfig()];
    const connector = await createConnector(client(), [a, b, c]);
    const changed = { ...b, schemeType: 'hmac', name: 'X-Sig', in: 'header', algorithm: 'sha256', digestInputs: ['url', 'body'], description: 'now hmac' };
    const res = await client().put(configPath(connector.id, String(b.id)), changed);
    assert.equal(res.status, 200);
    assert.deepEqual(HttpConnector.parse(res.body).authSchemeConfigs, [a, changed, c]);
  });

  it('answers 400 when the body id differs from the path id, or the path id is not a ULID', async () => {
    const connector = await createConnector(client());
    const config = apiKeyConfig();
    const res = await client().put(configPath(connector.id, newUlid()), config);
    assert.equal(res.status, 400);
    assert.deepEqual(fieldNames(res.body), ['id']);
    const notUlid = await client().put(configPath(connector.id, 'not-a-ulid'), { ...config, id: 'not-a-ulid' });
    assert.equal(notUlid.status, 400);
    const unchanged = HttpConnector.parse((await client().get(`/connectors/${connector.id}`)).body);
    assert.deepEqual(unchanged.authSchemeConfigs, []);
  });

  it('validates each scheme type with field paths and rejects unsupported types', async () => {
    const connector = await createConnector(client());
    const id = newUlid();
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ id, description: 'k', schemeType: 'api-key', name: 'X', in: 'body' }, ['in']],
      [{ id, description: 'h', schemeType: 'hmac', name: 'X', in: 'header', algorithm: 'md5', digestInputs: ['body'] }, ['algorithm']],
      [{ ...oauth2Config(id), tokenUrl: 'nope' }, ['tokenUrl']],
      [{ ...oauth2Config(id), grant: { grantType: 'implicit' } }, ['grant.grantType']],
      [{ id, schemeType: 'none' }, ['description']],
      [{ id, description: 'j', schemeType: 'jwt-bearer' }, ['schemeType']],
      [{ id, description: 'c', schemeType: 'custom-function' }, ['schemeType']],
      [{ id, description: 'g', schemeType: 'google-service-account' }, ['schemeType']],
    ];
    for (const [body, fields] of cases) {
      const res = await client().put(configPath(connector.id, id), body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.deepEqual(fieldNames(res.body), fields);
    }
  });

  it('accepts and ignores readonly validationMessages', async () => {
    const connector = await createConnector(client());
    const base = apiKeyConfig();
    const config = { ...base, validationMessages: [{ text: 'x', severity: 'error' }] };
    const res = await client().put(configPath(connector.id, String(base.id)), config);
    assert.equal(res.status, 200);
    assert.equal(obj(HttpConnector.parse(res.body).authSchemeConfigs[0]).validationMessages, undefined);
  });

  it('stores an oauth2 client secret in a credential and never returns it', async () => {
    const connector = await createConnector(client());
    const config = oauth2Config();
    const res = await client().put(configPath(connector.id, String(config.id)), config);
    assert.equal(res.status, 200);
    const grant = oauth2Of(HttpConnector.parse(res.body).authSchemeConfigs[0]).grant;
    assert.equal(grant.grantType, 'authorization_code');
    assert.match(String(grant.credentialId), /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
    assert.equal(grant.organisationId, client().org);
    assert.equal(grant.clientId, 'client-1');
    assert.ok(!('clientSecret' in grant));
    assert.ok(!res.text.includes('shh-secret'));
    assert.ok(!(await client().get(`/connectors/${connector.id}`)).text.includes('shh-secret'));
    assert.ok(!(await client().get('/connectors')).text.includes('shh-secret'));
    const store = (await client().get('/_emulator/store')).text;
    assert.ok(store.includes('shh-secret'), 'the secret is stored');
  });

  it('merges later grant updates that carry both ids into the credential (merge patch)', async () => {
    const connector = await createConnector(client());
    const config = oauth2Config();
    const created = await client().put(configPath(connector.id, String(config.id)), config);
    const grant = oauth2Of(HttpConnector.parse(created.body).authSchemeConfigs[0]).grant;
    assert.ok(grant.grantType === 'authorization_code' && grant.credentialId !== undefined);
    const ids = { credentialId: grant.credentialId, organisationId: grant.organisationId };

    const renamed = await client().put(configPath(connector.id, String(config.id)), { ...config, grant: { grantType: 'authorization_code', ...ids, clientId: 'client-2' } });
    assert.equal(renamed.status, 200);
    const after = oauth2Of(HttpConnector.parse(renamed.body).authSchemeConfigs[0]).grant;
    assert.deepEqual(after, { grantType: 'authorization_code', ...ids, clientId: 'client-2' });
    assert.deepEqual(await storedCredentialData(ids.credentialId), {
      clientId: 'client-2',
      clientSecret: 'shh-secret',
      authorizeUrl: config.authorizeUrl,
      tokenUrl: config.tokenUrl,
    });

    const rotated = await client().put(configPath(connector.id, String(config.id)), { ...config, grant: { grantType: 'authorization_code', ...ids, clientSecret: 'new-secret' } });
    assert.equal(rotated.status, 200);
    assert.equal(oauth2Of(HttpConnector.parse(rotated.body).authSchemeConfigs[0]).grant.grantType, 'authorization_code');
    assert.equal((await storedCredentialData(ids.credentialId)).clientSecret, 'new-secret');
    assert.ok(!rotated.text.includes('new-secret'));
    const kept = oauth2Of(HttpConnector.parse(rotated.body).authSchemeConfigs[0]).grant;
    assert.deepEqual(kept, { grantType: 'authorization_code', ...ids, clientId: 'client-2' });
  });

  it('answers 400 for one grant id without the other, or ids naming no credential', async () => {
    const connector = await createConnector(client());
    const id = newUlid();
    const onlyCredential = await client().put(configPath(connector.id, id), oauth2Config(id, { grantType: 'password', credentialId: newUlid() }));
    assert.equal(onlyCredential.status, 400);
    assert.deepEqual(fieldNames(onlyCredential.body), ['grant.organisationId']);
    const onlyOrg = await client().put(configPath(connector.id, id), oauth2Config(id, { grantType: 'password', organisationId: client().org }));
    assert.equal(onlyOrg.status, 400);
    assert.deepEqual(fieldNames(onlyOrg.body), ['grant.credentialId']);
    const unknown = await client().put(configPath(connector.id, id), oauth2Config(id, { grantType: 'password', credentialId: newUlid(), organisationId: client().org }));
    assert.equal(unknown.status, 400);
    assert.deepEqual(fieldNames(unknown.body), ['grant.credentialId']);
    const inCreate = await client().post('/protocols/http/connectors', httpConnectorBody({ authSchemeConfigs: [oauth2Config(id, { grantType: 'password', credentialId: newUlid() })] }));
    assert.equal(inCreate.status, 400);
    assert.deepEqual(fieldNames(inCreate.body), ['authSchemeConfigs[0].grant.organisationId']);
  });

  it('keeps a client_credentials grant as sent', async () => {
    const config = oauth2Config(undefined, { grantType: 'client_credentials' });
    const connector = await createConnector(client(), [config]);
    assert.deepEqual(connector.authSchemeConfigs, [config]);
  });

  it('deletes a config: 200 with the whole connector; its connections remain; 404 when absent', async () => {
    const [a, b] = [apiKeyConfig(), basicAuthConfig()];
    const connector = await createConnector(client(), [a, b]);
    const conn = await client().post(`/connectors/${connector.id}/connections`, connectionBody(a, { type: 'string', data: { value: 's' } }));
    assert.equal(conn.status, 200);
    const res = await client().delete(configPath(connector.id, String(a.id)));
    assert.equal(res.status, 200);
    const updated = HttpConnector.parse(res.body);
    assert.deepEqual(updated.authSchemeConfigs, [b]);
    assert.equal(updated.connections.length, 1);
    assert.deepEqual(updated.connections[0]?.credentials.action?.[0]?.authSchemeConfig, a);
    assert.ok(updated.updatedAt > connector.updatedAt);
    assert.equal((await client().delete(configPath(connector.id, String(a.id)))).status, 404);
    assert.equal((await client().delete(configPath(newUlid(), String(b.id)))).status, 404);
  });

  it('applies 50 concurrent upserts of distinct ids on one connector without losing any', async () => {
    const connector = await createConnector(client());
    const configs = Array.from({ length: 50 }, (_, i) => apiKeyConfig(newUlid(), `key ${i}`));
    const results = await Promise.all(configs.map((c) => client().put(configPath(connector.id, String(c.id)), c)));
    assert.deepEqual(results.map((r) => r.status), configs.map(() => 200));
    const read = HttpConnector.parse((await client().get(`/connectors/${connector.id}`)).body);
    assert.equal(read.authSchemeConfigs.length, 50);
    assert.deepEqual(new Set(read.authSchemeConfigs.map((c) => c.id)), new Set(configs.map((c) => c.id)));
    const sizes = results.map((r) => HttpConnector.parse(r.body).authSchemeConfigs.length).sort((x, y) => x - y);
    assert.deepEqual(sizes, Array.from({ length: 50 }, (_, i) => i + 1), 'each upsert saw every earlier one');
  });

  describe('grant credentials are owned by their config', () => {
    it("refuses a grant naming another connector's connection credential (400), so that credential stays untouched", async () => {
      const basic = basicAuthConfig();
      const a = await createConnector(client(), [basic]);
      const created = await client().post(`/connectors/${a.id}/connections`, connectionBody(basic, { type: 'basic-auth', data: { username: 'alice', password: 'A-secret' } }));
      assert.equal(created.status, 200, created.text);
      const connection = Connection.parse(created.body);
      const credential = connection.credentials.action?.[0]?.credential;
      assert.ok(credential !== undefined);
      const b = await createConnector(client());
      const config = oauth2Config(undefined, { grantType: 'authorization_code', credentialId: credential.id, organisationId: credential.organisationId, clientSecret: 'B-secret' });
      const hijack = await client().put(configPath(b.id, String(config.id)), config);
      assert.equal(hijack.status, 400, hijack.text);
      assert.deepEqual(fieldNames(hijack.body), ['grant.credentialId']);

      const read = await client().get(`/connectors/${a.id}/connections/${connection.id}`);
      assert.ok(!read.text.includes('B-secret'));
      assert.deepEqual(Connection.parse(read.body).credentials.action?.[0]?.credential, credential);
      assert.equal((await client().delete(`/connectors/${b.id}`)).status, 204);
      const after = Connection.parse((await client().get(`/connectors/${a.id}/connections/${connection.id}`)).body);
      assert.deepEqual(after.credentials.action?.map((c) => c.credential.id), [credential.id], "deleting B leaves A's credential");
    });

    it("refuses a grant naming another config's grant credential, in the same connector or at create", async () => {
      const first = oauth2Config();
      const connector = await createConnector(client(), [first]);
      const grant = oauth2Of(connector.authSchemeConfigs[0]).grant;
      assert.ok(grant.grantType !== 'client_credentials' && grant.credentialId !== undefined);
      const ids = { credentialId: grant.credentialId, organisationId: grant.organisationId };
      const second = oauth2Config(newUlid(), { grantType: 'password', ...ids });
      const sameConnector = await client().put(configPath(connector.id, String(second.id)), second);
      assert.equal(sameConnector.status, 400, sameConnector.text);
      assert.deepEqual(fieldNames(sameConnector.body), ['grant.credentialId']);
      const atCreate = await client().post('/protocols/http/connectors', httpConnectorBody({ authSchemeConfigs: [oauth2Config(String(first.id), { grantType: 'password', ...ids })] }));
      assert.equal(atCreate.status, 400, atCreate.text);
      assert.deepEqual(fieldNames(atCreate.body), ['authSchemeConfigs[0].grant.credentialId']);
      const own = await client().put(configPath(connector.id, String(first.id)), { ...first, grant: { grantType: 'password', ...ids } });
      assert.equal(own.status, 200, 'the config itself may name its own credential');
    });

    it("deletes a config's grant credential with the config, and only that one", async () => {
      const [kept, dropped] = [oauth2Config(), oauth2Config()];
      const connector = await createConnector(client(), [kept, dropped]);
      const [keptId, droppedId] = connector.authSchemeConfigs.map((c) => {
        const grant = oauth2Of(c).grant;
        return grant.grantType === 'client_credentials' ? undefined : grant.credentialId;
      });
      assert.ok(keptId !== undefined && droppedId !== undefined && keptId !== droppedId);
      const created = await client().post(`/connectors/${connector.id}/connections`, connectionBody(dropped, { type: 'oauth2-token', data: { scopes: [] } }));
      const connection = Connection.parse(created.body);
      assert.equal((await client().delete(configPath(connector.id, String(dropped.id)))).status, 200);
      const store = obj((await client().get('/_emulator/store')).body);
      const credentialIds = Object.keys(obj(obj(obj(store.organisations)[client().org]).credentials));
      assert.ok(credentialIds.includes(keptId));
      assert.ok(!credentialIds.includes(droppedId), 'the deleted config took its credential along');
      const read = Connection.parse((await client().get(`/connectors/${connector.id}/connections/${connection.id}`)).body);
      const config = oauth2Of(read.credentials.action?.[0]?.authSchemeConfig);
      assert.deepEqual(config.grant, { grantType: 'authorization_code', credentialId: droppedId, organisationId: client().org, clientId: 'client-1' }, 'the connection still shows the config as it was');
    });
  });
});

