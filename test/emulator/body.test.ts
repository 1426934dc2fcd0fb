import { strict as assert } from 'node:assert';
import { ApiErrorBody, ConnectorPage } from '../../api/schemas';
import { fieldNames, httpConnectorBody, nestedArraysText, nestedObject, obj, useEmulator } from './support';
import { newConnector, newVersion } from './version-support';

describe('emulator request bodies', () => {
  const { client } = useEmulator();

  it('refuses a connector whose tags nest 2,000 levels deep (400), stores nothing, and every read still answers', async () => {
    const before = ConnectorPage.parse((await client().get('/connectors', { query: { first: '100' } })).body);
    const res = await client().post('/protocols/http/connectors', httpConnectorBody({ tags: nestedObject(2000) }));
    assert.equal(res.status, 400, res.text);
    assert.equal(ApiErrorBody.parse(res.body).code, 'invalid_argument');
    assert.deepEqual(fieldNames(res.body), ['body']);
    assert.match(ApiErrorBody.parse(res.body).message, /64/);
    const list = await client().get('/connectors', { query: { first: '100' } });
    assert.equal(list.status, 200, list.text);
    assert.equal(ConnectorPage.parse(list.body).totalCount, before.totalCount, 'nothing was stored');
    const store = await client().get('/_emulator/store');
    assert.equal(store.status, 200, store.text);
  });

  it('accepts a body nested exactly 64 levels deep and refuses one of 65', async () => {
    const atLimit = await client().post('/protocols/http/connectors', httpConnectorBody({ tags: nestedObject(63) }));
    assert.equal(atLimit.status, 201, atLimit.text);
    const read = await client().get(`/connectors/${String(obj(atLimit.body).id)}`);
    assert.equal(read.status, 200);
    const overLimit = await client().post('/protocols/http/connectors', httpConnectorBody({ tags: nestedObject(64) }));
    assert.equal(overLimit.status, 400, overLimit.text);
    assert.deepEqual(fieldNames(overLimit.body), ['body']);
  });

  it('counts only real nesting: brackets inside strings do not count', async () => {
    const res = await client().post('/protocols/http/connectors', httpConnectorBody({ tags: { brackets: `${'['.repeat(500)}\\"{{{` } }));
    assert.equal(res.status, 201, res.text);
  });

  it('refuses a deep body on every route, admin ones included, before any handler sees it', async () => {
    for (const [method, path] of [
      ['PUT', '/connectors/01JB00000000000000000000CN'],
      ['POST', '/connectors/01JB00000000000000000000CN/connections'],
      ['PUT', '/_emulator/faults'],
      ['POST', '/_emulator/in-use'],
    ] as const) {
      const res = await client().request(method, path, undefined, { rawBody: nestedArraysText(10_000) });
      assert.equal(res.status, 400, `${method} ${path}: ${res.text}`);
      assert.deepEqual(fieldNames(res.body), ['body']);
    }
  });

  it('answers a body over the size limit with 413 in the Error shape', async () => {
    const res = await client().post('/protocols/http/connectors', httpConnectorBody({ tags: { big: 'x'.repeat(1024 * 1024) } }));
    assert.equal(res.status, 413);
    assert.equal(ApiErrorBody.parse(res.body).code, 'payload_too_large');
  });
});

describe('emulator request bodies by content type', () => {
  const { client } = useEmulator();

  it('takes an empty body under any content type as no body (a bodyless publish labelled as a form), and refuses a non-empty non-JSON body (415)', async () => {
    const connectorId = await newConnector(client());
    await newVersion(client(), connectorId, '1.0.0');
    const publish = await client().post(`/connectors/${connectorId}/versions/1.0.0/publish`, undefined, {
      rawBody: '',
      contentType: 'application/x-www-form-urlencoded',
    });
    assert.equal(publish.status, 200, publish.text);
    const form = await client().post('/protocols/http/connectors', undefined, { rawBody: 'name=x', contentType: 'application/x-www-form-urlencoded' });
    assert.equal(form.status, 415, form.text);
    assert.equal(ApiErrorBody.parse(form.body).code, 'unsupported_media_type');
  });
});
