import { strict as assert } from 'node:assert';
import { connect } from 'node:net';
import { ApiErrorBody } from '../../api/schemas';
import { fieldNames, httpConnectorBody, newUlid, obj, useEmulator } from './support';

describe('emulator transport', () => {
  const { client } = useEmulator();

  function assertErrorBody(body: unknown, code?: string): void {
    const parsed = ApiErrorBody.parse(body);
    if (code !== undefined) assert.equal(parsed.code, code);
    assert.ok(parsed.message.length > 0);
  }

  it('answers 401 with an Error body when the token is missing or wrong', async () => {
    for (const token of [null, 'wrong-token']) {
      const res = await client().get('/connectors', { token });
      assert.equal(res.status, 401);
      assertErrorBody(res.body, 'unauthenticated');
      assert.equal(res.headers.get('www-authenticate'), 'Bearer');
    }
  });

  it('checks the token before routing, also on unknown paths', async () => {
    const res = await client().get('!/nowhere', { token: null });
    assert.equal(res.status, 401);
    assertErrorBody(res.body);
  });

  it('serves the API under /api/connect/v1 and answers unknown routes with a 404 Error body', async () => {
    assert.ok(client().emulator.baseUrl.endsWith('/api/connect/v1'));
    assert.match(client().emulator.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/api\/connect\/v1$/);
    const res = await client().get('/no-such-thing');
    assert.equal(res.status, 404);
    assertErrorBody(res.body, 'not_found');
  });

  it('answers 405 with an Error body and an Allow header for a known path with another method', async () => {
    const res = await client().request('PATCH', '/connectors');
    assert.equal(res.status, 405);
    assertErrorBody(res.body, 'method_not_allowed');
    assert.equal(res.headers.get('allow'), 'GET');
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await client().post('/protocols/http/connectors', undefined, { rawBody: '{"name": ' });
    assert.equal(res.status, 400);
    assertErrorBody(res.body, 'invalid_argument');
  });

  it('takes an empty body sent with a JSON content type as no body', async () => {
    const created = obj((await client().post('/protocols/http/connectors', httpConnectorBody())).body);
    const res = await client().request('DELETE', `/connectors/${String(created.id)}`, undefined, { rawBody: '' });
    assert.equal(res.status, 204);
  });

  it('answers a body that is not JSON with an Error body', async () => {
    const xml = await client().post('/protocols/http/connectors', undefined, { rawBody: '<name/>', contentType: 'application/xml' });
    assert.equal(xml.status, 415);
    assertErrorBody(xml.body);
    const text = await client().post('/protocols/http/connectors', undefined, { rawBody: 'name=x', contentType: 'text/plain' });
    assert.equal(text.status, 400);
    assert.deepEqual(fieldNames(text.body), ['body']);
  });

  it('answers 400 naming the body when it is not an object', async () => {
    const res = await client().post('/protocols/http/connectors', [1, 2]);
    assert.equal(res.status, 400);
    assert.deepEqual(fieldNames(res.body), ['body']);
  });

  it('scopes by organisation: another organisation sees nothing (404)', async () => {
    const created = await client().post('/protocols/http/connectors', httpConnectorBody());
    assert.equal(created.status, 201);
    const id = String(obj(created.body).id);
    const otherOrg = newUlid();
    const base = `!/api/connect/v1/o/${otherOrg}`;
    const get = await client().get(`${base}/connectors/${id}`);
    assert.equal(get.status, 404);
    assertErrorBody(get.body, 'not_found');
    const list = await client().get(`${base}/connectors`);
    assert.equal(list.status, 404);
    const del = await client().delete(`${base}/connectors/${id}`);
    assert.equal(del.status, 404);
    assert.equal((await client().get(`/connectors/${id}`)).status, 200);
  });

  it('gives ULID ids and RFC 3339 timestamps', async () => {
    const created = obj((await client().post('/protocols/http/connectors', httpConnectorBody())).body);
    assert.match(String(created.id), /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
    assert.match(String(created.createdAt), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    assert.equal(created.organisationId, client().org);
  });

  it('answers 404 for an absent connector and connection', async () => {
    assert.equal((await client().get(`/connectors/${newUlid()}`)).status, 404);
    const connector = obj((await client().post('/protocols/http/connectors', httpConnectorBody())).body);
    const res = await client().get(`/connectors/${String(connector.id)}/connections/${newUlid()}`);
    assert.equal(res.status, 404);
    assertErrorBody(res.body, 'not_found');
  });

  it('requires the bearer token on admin routes too', async () => {
    const res = await client().get('/_emulator/faults', { token: null });
    assert.equal(res.status, 401);
    assertErrorBody(res.body);
    const ok = await client().get('/_emulator/info');
    assert.equal(ok.status, 200);
    assert.equal(obj(ok.body).organisationId, client().org);
  });

  /** Writes `bytes` on a new connection and gives back the raw answer. */
  function rawExchange(bytes: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(client().emulator.port, '127.0.0.1', () => socket.write(bytes));
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
    });
  }

  it('answers bytes that are not HTTP, and headers too large, in the Error shape', async () => {
    for (const [bytes, status, code] of [
      ['NOT HTTP AT ALL\r\n\r\n', 400, 'invalid_argument'],
      [`GET /api/connect/v1 HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`, 431, 'headers_too_large'],
    ] as const) {
      const answer = await rawExchange(bytes);
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      assert.match(head, new RegExp(`^HTTP/1\\.1 ${status} `));
      assertErrorBody(JSON.parse(body), code);
    }
  });

  it('answers a path the router refuses (bad percent-encoding, an overlong segment) in the Error shape', async () => {
    const overlong = await client().get(`/connectors/${'a'.repeat(101)}`);
    assert.equal(overlong.status, 414);
    assertErrorBody(overlong.body, 'uri_too_long');
    const badEncoding = await client().get('/connectors/%ZZ');
    assert.equal(badEncoding.status, 400);
    assertErrorBody(badEncoding.body, 'invalid_argument');
  });
});

