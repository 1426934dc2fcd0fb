import { strict as assert } from 'node:assert';
import { BigQueryConnector, Connector, ConnectorPage, HttpConnector } from '../../api/schemas';
import { MonotonicClock } from '../../emulator/clock';
import { ApiError } from '../../emulator/errors';
import { createHttpConnector, updateConnector, updateConnectorTags } from '../../emulator/handlers/connectors';
import type { ApiContext } from '../../emulator/handlers/context';
import { emptyOrganisation } from '../../emulator/store';
import { apiKeyConfig, basicAuthConfig, connectionBody, fieldNames, httpConnectorBody, nestedObject, newUlid, obj, useEmulator, type Client } from './support';

async function createConnector(client: Client, overrides: Record<string, unknown> = {}): Promise<HttpConnector> {
  const res = await client.post('/protocols/http/connectors', httpConnectorBody(overrides));
  assert.equal(res.status, 201, res.text);
  return HttpConnector.parse(res.body);
}

function updateBody(connector: HttpConnector, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: connector.id, organisationId: connector.organisationId, name: connector.name, protocol: 'http', baseUrl: connector.baseUrl, ...overrides };
}

describe('emulator connectors', () => {
  const { client } = useEmulator();

  describe('create', () => {
    it('creates an HTTP connector: 201 with the whole connector', async () => {
      const config = apiKeyConfig();
      const res = await client().post(
        '/protocols/http/connectors',
        httpConnectorBody({ name: 'weather', authSchemeConfigs: [config], tags: { team: 'a' }, public: true, connectionVariables: [{ name: 'region', value: 'eu' }] }),
      );
      assert.equal(res.status, 201);
      const connector = HttpConnector.parse(res.body);
      assert.equal(connector.name, 'weather');
      assert.equal(connector.protocol, 'http');
      assert.equal(connector.baseUrl, 'https://api.example.com');
      assert.equal(connector.public, true);
      assert.deepEqual(connector.tags, { team: 'a' });
      assert.deepEqual(connector.authSchemeConfigs, [config]);
      assert.deepEqual(connector.connectionVariables, [{ name: 'region', value: 'eu' }]);
      assert.deepEqual(connector.connections, []);
      assert.equal(connector.createdAt, connector.updatedAt);
      const read = await client().get(`/connectors/${connector.id}`);
      assert.equal(read.status, 200);
      assert.deepEqual(read.body, res.body);
    });

    it('creates a BigQuery connector: 201', async () => {
      const res = await client().post('/protocols/bigquery/connectors', { name: 'bq', datasetId: 'proj.dataset', connections: [] });
      assert.equal(res.status, 201);
      const connector = BigQueryConnector.parse(res.body);
      assert.equal(connector.datasetId, 'proj.dataset');
      assert.equal(connector.protocol, 'bigquery');
    });

    it('creates the connections given in the create body', async () => {
      const config = apiKeyConfig();
      const connector = await createConnector(client(), {
        authSchemeConfigs: [config],
        connectionVariables: [{ name: 'v', value: 'default' }],
        connections: [connectionBody(config, { type: 'string', data: { value: 'secret' } }, { name: 'first' })],
      });
      assert.equal(connector.connections.length, 1);
      const connection = connector.connections[0];
      assert.equal(connection?.name, 'first');
      assert.deepEqual(connection?.variables, [{ name: 'v', value: 'default' }]);
      assert.deepEqual(connection?.credentials.action?.[0]?.credential.data, { value: '' });
    });

    it('validates the body and names the offending fields', async () => {
      const res = await client().post('/protocols/http/connectors', { name: '', baseUrl: 'not a url', authSchemeConfigs: [{ id: 'nope', description: 'x', schemeType: 'none' }] });
      assert.equal(res.status, 400);
      assert.deepEqual(fieldNames(res.body).sort(), ['authSchemeConfigs[0].id', 'baseUrl', 'connections', 'name']);
    });

    it('rejects unsupported auth scheme types naming the field', async () => {
      for (const schemeType of ['jwt-bearer', 'custom-function', 'google-service-account']) {
        const res = await client().post('/protocols/http/connectors', httpConnectorBody({ authSchemeConfigs: [{ id: newUlid(), description: 'x', schemeType }] }));
        assert.equal(res.status, 400);
        assert.deepEqual(fieldNames(res.body), ['authSchemeConfigs[0].schemeType']);
      }
    });

    it('rejects two auth scheme configs with one id', async () => {
      const id = newUlid();
      const res = await client().post('/protocols/http/connectors', httpConnectorBody({ authSchemeConfigs: [apiKeyConfig(id), basicAuthConfig(id)] }));
      assert.equal(res.status, 400);
      assert.deepEqual(fieldNames(res.body), ['authSchemeConfigs[1].id']);
    });

    it('answers 409 for two connections of one name in the create body', async () => {
      const config = apiKeyConfig();
      const res = await client().post('/protocols/http/connectors', httpConnectorBody({
        authSchemeConfigs: [config],
        connections: [1, 2].map(() => connectionBody(config, { type: 'string', data: { value: 's' } }, { name: 'same' })),
      }));
      assert.equal(res.status, 409);
    });

    it('accepts and ignores readonly auth scheme config fields', async () => {
      const config = { ...apiKeyConfig(), validationMessages: [{ text: 'made up', severity: 'warning' }] };
      const connector = await createConnector(client(), { authSchemeConfigs: [config] });
      assert.equal(obj(connector.authSchemeConfigs[0]).validationMessages, undefined);
    });
  });

  describe('update (PUT replaces)', () => {
    it('replaces mutable fields and unsets missing ones', async () => {
      const connector = await createConnector(client(), { tags: { a: 1 }, public: true });
      const first = await client().put(`/connectors/${connector.id}`, updateBody(connector, { documentationURL: 'https://docs.example.com', imageURL: 'https://img.example.com/a.png', tags: { b: 2 }, public: true }));
      assert.equal(first.status, 200);
      const updated = HttpConnector.parse(first.body);
      assert.equal(updated.documentationURL, 'https://docs.example.com');
      assert.deepEqual(updated.tags, { b: 2 });
      const second = await client().put(`/connectors/${connector.id}`, updateBody(connector, { name: 'renamed', baseUrl: 'https://other.example.com' }));
      assert.equal(second.status, 200);
      const replaced = obj(second.body);
      assert.equal(replaced.name, 'renamed');
      assert.equal(replaced.baseUrl, 'https://other.example.com');
      assert.equal(replaced.public, false);
      assert.ok(!('documentationURL' in replaced));
      assert.ok(!('imageURL' in replaced));
      assert.ok(!('tags' in replaced));
    });

    it('accepts and ignores readonly fields echoed back from a read', async () => {
      const config = apiKeyConfig();
      const connector = await createConnector(client(), { authSchemeConfigs: [config] });
      const echoed = { ...connector, authSchemeConfigs: [], connections: [], createdAt: '2000-01-01T00:00:00Z', versions: [] };
      const res = await client().put(`/connectors/${connector.id}`, echoed);
      assert.equal(res.status, 200, res.text);
      const updated = HttpConnector.parse(res.body);
      assert.deepEqual(updated.authSchemeConfigs, [config]);
      assert.equal(updated.createdAt, connector.createdAt);
    });

    it('answers 400 when id, organisationId or protocol differ', async () => {
      const connector = await createConnector(client());
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ id: newUlid() }, 'id'],
        [{ organisationId: newUlid() }, 'organisationId'],
        [{ protocol: 'bigquery', datasetId: 'a.b' }, 'protocol'],
      ];
      for (const [overrides, field] of cases) {
        const res = await client().put(`/connectors/${connector.id}`, updateBody(connector, overrides));
        assert.equal(res.status, 400, field);
        assert.deepEqual(fieldNames(res.body), [field]);
      }
    });

    it('validates the body with field paths', async () => {
      const connector = await createConnector(client());
      const res = await client().put(`/connectors/${connector.id}`, updateBody(connector, { baseUrl: 'nope', connectionVariables: [{ name: '', value: 'x' }] }));
      assert.equal(res.status, 400);
      assert.deepEqual(fieldNames(res.body).sort(), ['baseUrl', 'connectionVariables[0].name']);
    });

    it('reorders auth scheme configs with authSchemeConfigIds and refuses anything but a permutation', async () => {
      const [a, b, c] = [apiKeyConfig(), basicAuthConfig(), apiKeyConfig(undefined, 'second key')];
      const connector = await createConnector(client(), { authSchemeConfigs: [a, b, c] });
      const ids = [c, a, b].map((x) => String(x.id));
      const res = await client().put(`/connectors/${connector.id}`, updateBody(connector, { authSchemeConfigIds: ids }));
      assert.equal(res.status, 200);
      assert.deepEqual(HttpConnector.parse(res.body).authSchemeConfigs.map((x) => x.id), ids);
      const unknown = await client().put(`/connectors/${connector.id}`, updateBody(connector, { authSchemeConfigIds: [ids[0], newUlid(), ids[2]] }));
      assert.equal(unknown.status, 400);
      assert.deepEqual(fieldNames(unknown.body), ['authSchemeConfigIds[1]']);
      const partial = await client().put(`/connectors/${connector.id}`, updateBody(connector, { authSchemeConfigIds: ids.slice(0, 2) }));
      assert.equal(partial.status, 400);
      assert.deepEqual(fieldNames(partial.body), ['authSchemeConfigIds']);
      const omitted = await client().put(`/connectors/${connector.id}`, updateBody(connector));
      assert.deepEqual(HttpConnector.parse(omitted.body).authSchemeConfigs.map((x) => x.id), ids);
    });

    it('propagates connectionVariables to every connection, and leaves them alone when absent', async () => {
      const config = apiKeyConfig();
      const connector = await createConnector(client(), { authSchemeConfigs: [config], connectionVariables: [{ name: 'a', value: '1' }] });
      const ids: string[] = [];
      for (const name of ['one', 'two']) {
        const res = await client().post(`/connectors/${connector.id}/connections`, connectionBody(config, { type: 'string', data: { value: 's' } }, { name, variables: [{ name: name, value: 'own' }] }));
        assert.equal(res.status, 200);
        ids.push(String(obj(res.body).id));
      }
      const before = obj((await client().get(`/connectors/${connector.id}/connections/${ids[0]}`)).body);
      assert.deepEqual(before.variables, [{ name: 'a', value: '1' }, { name: 'one', value: 'own' }]);

      const vars = [{ name: 'b', value: '2' }];
      const res = await client().put(`/connectors/${connector.id}`, updateBody(connector, { connectionVariables: vars }));
      assert.equal(res.status, 200);
      const updated = HttpConnector.parse(res.body);
      assert.deepEqual(updated.connectionVariables, vars);
      for (const connection of updated.connections) assert.deepEqual(connection.variables, vars);
      for (const id of ids) {
        const read = obj((await client().get(`/connectors/${connector.id}/connections/${id}`)).body);
        assert.deepEqual(read.variables, vars);
        assert.ok(String(read.updatedAt) > String(before.updatedAt));
      }

      // A connection's own change survives a later connector update without connectionVariables.
      const conn = obj((await client().get(`/connectors/${connector.id}/connections/${ids[1]}`)).body);
      await client().put(`/connectors/${connector.id}/connections/${ids[1]}`, { id: ids[1], name: conn.name, variables: [{ name: 'mine', value: 'x' }] });
      const again = await client().put(`/connectors/${connector.id}`, updateBody(connector, { name: 'renamed' }));
      assert.deepEqual(HttpConnector.parse(again.body).connectionVariables, vars);
      const kept = obj((await client().get(`/connectors/${connector.id}/connections/${ids[1]}`)).body);
      assert.deepEqual(kept.variables, [{ name: 'mine', value: 'x' }]);
    });

    it('moves updatedAt strictly forward on quick successive updates', async () => {
      const connector = await createConnector(client());
      let last = connector.updatedAt;
      for (let i = 0; i < 5; i += 1) {
        const res = await client().put(`/connectors/${connector.id}`, updateBody(connector, { name: `n${i}` }));
        const updatedAt = HttpConnector.parse(res.body).updatedAt;
        assert.ok(updatedAt > last, `${updatedAt} > ${last}`);
        last = updatedAt;
      }
    });

    it('answers 404 for an absent connector', async () => {
      const id = newUlid();
      const res = await client().put(`/connectors/${id}`, { id, organisationId: client().org, name: 'x', protocol: 'http', baseUrl: 'https://x.example.com' });
      assert.equal(res.status, 404);
    });
  });

  describe('tags', () => {
    it('replaces the tags: 204 without body, updatedAt moves', async () => {
      const connector = await createConnector(client(), { tags: { a: '1' } });
      const res = await client().put(`/connectors/${connector.id}/tags`, { tags: { b: '2' } });
      assert.equal(res.status, 204);
      assert.equal(res.text, '');
      const read = HttpConnector.parse((await client().get(`/connectors/${connector.id}`)).body);
      assert.deepEqual(read.tags, { b: '2' });
      assert.ok(read.updatedAt > connector.updatedAt);
      const bad = await client().put(`/connectors/${connector.id}/tags`, { tags: 'x' });
      assert.equal(bad.status, 400);
      assert.deepEqual(fieldNames(bad.body), ['tags']);
    });
  });

  describe('delete', () => {
    it('deletes: 204, then 404', async () => {
      const connector = await createConnector(client());
      const res = await client().delete(`/connectors/${connector.id}`);
      assert.equal(res.status, 204);
      assert.equal(res.text, '');
      assert.equal((await client().get(`/connectors/${connector.id}`)).status, 404);
      assert.equal((await client().delete(`/connectors/${connector.id}`)).status, 404);
    });

    it('answers 409 while in use unless force=true', async () => {
      const connector = await createConnector(client());
      client().emulator.markInUse(connector.id);
      const refused = await client().delete(`/connectors/${connector.id}`);
      assert.equal(refused.status, 409);
      assert.equal(obj(refused.body).code, 'conflict');
      assert.equal((await client().delete(`/connectors/${connector.id}`, { query: { force: 'false' } })).status, 409);
      assert.equal((await client().get(`/connectors/${connector.id}`)).status, 200);
      assert.equal((await client().delete(`/connectors/${connector.id}`, { query: { force: 'true' } })).status, 204);
    });

    it('can be marked in use and back over the admin route', async () => {
      const connector = await createConnector(client());
      assert.equal((await client().post('/_emulator/in-use', { connectorId: connector.id })).status, 200);
      assert.equal((await client().delete(`/connectors/${connector.id}`)).status, 409);
      assert.equal((await client().post('/_emulator/in-use', { connectorId: connector.id, inUse: false })).status, 200);
      assert.equal((await client().delete(`/connectors/${connector.id}`)).status, 204);
      assert.equal((await client().post('/_emulator/in-use', { connectorId: connector.id })).status, 404);
    });

    it('rejects a force value that is not a boolean', async () => {
      const connector = await createConnector(client());
      const res = await client().delete(`/connectors/${connector.id}`, { query: { force: 'yes' } });
      assert.equal(res.status, 400);
      assert.deepEqual(fieldNames(res.body), ['force']);
    });
  });
});

describe('emulator connector listing', () => {
  const { client } = useEmulator();

  it('pages most recently updated first with next/prev cursors and totalCount', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) ids.push((await createConnector(client(), { name: `c${i}` })).id);
    // Touching the oldest makes it the most recent.
    const oldest = HttpConnector.parse((await client().get(`/connectors/${ids[0]}`)).body);
    await client().put(`/connectors/${oldest.id}`, updateBody(oldest, { name: 'c0' }));
    const expected = [ids[0], ...ids.slice(1).reverse()];

    const seen: string[] = [];
    let after: string | undefined;
    const pages: ConnectorPage[] = [];
    do {
      const res = await client().get('/connectors', { query: { first: '3', ...(after !== undefined && { after }) } });
      assert.equal(res.status, 200);
      const page = ConnectorPage.parse(res.body);
      assert.equal(page.totalCount, 7);
      pages.push(page);
      seen.push(...page.connectors.map((c) => c.id));
      after = page.next;
    } while (after !== undefined);
    assert.deepEqual(seen, expected);
    assert.deepEqual(pages.map((p) => p.connectors.length), [3, 3, 1]);
    assert.equal(pages[0]?.prev, undefined);
    assert.ok(pages[1]?.prev !== undefined);

    const back = ConnectorPage.parse((await client().get('/connectors', { query: { first: '3', before: String(pages[2]?.prev) } })).body);
    assert.deepEqual(back.connectors.map((c) => c.id), expected.slice(3, 6));
    assert.ok(back.next !== undefined && back.prev !== undefined);
  });

  it('defaults first to 20 and validates first and cursors', async () => {
    for (let i = 0; i < 15; i += 1) await createConnector(client());
    const page = ConnectorPage.parse((await client().get('/connectors')).body);
    assert.equal(page.connectors.length, 20);
    assert.ok(page.next !== undefined);
    for (const first of ['0', '101', 'abc', '-1']) {
      const res = await client().get('/connectors', { query: { first } });
      assert.equal(res.status, 400, first);
      assert.deepEqual(fieldNames(res.body), ['first']);
    }
    assert.equal((await client().get('/connectors', { query: { first: '100' } })).status, 200);
    const bad = await client().get('/connectors', { query: { after: 'garbage!' } });
    assert.equal(bad.status, 400);
    assert.deepEqual(fieldNames(bad.body), ['after']);
  });

  it('filters by name and protocol, each a case-insensitive substring', async () => {
    const named = await createConnector(client(), { name: 'Unique-Name-Filter' });
    const bq = await client().post('/protocols/bigquery/connectors', { name: 'bq-one', datasetId: 'p.d', connections: [] });
    assert.equal(bq.status, 201);
    for (const name of ['Unique-Name-Filter', 'unique-name-filter', 'NAME-FIL', 'e-n']) {
      const byName = ConnectorPage.parse((await client().get('/connectors', { query: { name, first: '100' } })).body);
      assert.deepEqual(byName.connectors.map((c) => c.id), [named.id], `name=${name}`);
      assert.equal(byName.totalCount, 1);
    }
    for (const protocol of ['bigquery', 'BigQuery', 'QUERY']) {
      const bigquery = ConnectorPage.parse((await client().get('/connectors', { query: { protocol, first: '100' } })).body);
      assert.deepEqual(bigquery.connectors.map((c) => c.name), ['bq-one'], `protocol=${protocol}`);
    }
    const http = await client().get('/connectors', { query: { protocol: 'HTTP', first: '100' } });
    assert.equal(http.status, 200, http.text);
    const httpPage = ConnectorPage.parse(http.body);
    assert.ok(httpPage.connectors.every((c: Connector) => c.protocol === 'http'));
    assert.ok(httpPage.totalCount > 1);
    const both = ConnectorPage.parse((await client().get('/connectors', { query: { name: 'ONE', protocol: 'big', first: '100' } })).body);
    assert.deepEqual(both.connectors.map((c) => c.name), ['bq-one']);
    const none = await client().get('/connectors', { query: { protocol: 'ftp' } });
    assert.equal(none.status, 200);
    assert.deepEqual(none.body, { totalCount: 0, connectors: [] });
  });
});

describe('emulator connector handlers, without the HTTP body parser', () => {
  it('never store tags nested deeper than a body may be, whatever route they come by', () => {
    const org = emptyOrganisation();
    const organisationId = newUlid();
    const clock = new MonotonicClock();
    const ctx = (body: unknown, params: Record<string, string> = {}): ApiContext => ({ organisationId, origin: 'http://127.0.0.1:1', org, clock, newId: newUlid, params, query: {}, body });
    const refused = (run: () => unknown): void =>
      assert.throws(run, (error: unknown) => error instanceof ApiError && error.status === 400 && error.fields?.[0]?.field === 'tags');
    const deepTags = nestedObject(2000);

    refused(() => createHttpConnector(ctx(httpConnectorBody({ tags: deepTags }))));
    assert.deepEqual(org.connectors, {});
    const connector = HttpConnector.parse(createHttpConnector(ctx(httpConnectorBody())).body);
    const params = { connectorId: connector.id };
    refused(() => updateConnector(ctx(updateBody(connector, { tags: deepTags }), params)));
    refused(() => updateConnectorTags(ctx({ tags: deepTags }, params)));
    assert.equal(org.connectors[connector.id]?.tags, undefined, 'the stored connector kept its tags');
    assert.doesNotThrow(() => JSON.stringify(org));
  });
});
