import { strict as assert } from 'node:assert';
import { readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ApiErrorBody, Connection, HttpConnector } from '../../api/schemas';
import { startEmulator, type EmulatorOptions } from '../../emulator';
import { readRequestLog } from '../../emulator/request-log';
import { apiKeyConfig, basicAuthConfig, Client, connectionBody, httpConnectorBody, nestedArraysText, oauth2Config, tempDir } from './support';

/** Runs `test` against an emulator logging to a new file, and stops the emulator afterwards. */
async function withLoggedEmulator(options: EmulatorOptions, test: (client: Client, requestLogFile: string) => Promise<void>): Promise<void> {
  const requestLogFile = path.join(tempDir(), 'requests.jsonl');
  const emulator = await startEmulator({ requestLogFile, ...options });
  try {
    await test(new Client(emulator), requestLogFile);
  } finally {
    await emulator.close();
  }
}

describe('emulator request log', () => {
  it('appends one JSON line per API request with method, path, query, status and bodies', async () => {
    await withLoggedEmulator({}, async (client, requestLogFile) => {
      const body = httpConnectorBody();
      const created = await client.post('/protocols/http/connectors', body);
      const connector = HttpConnector.parse(created.body);
      await client.get('/connectors', { query: { first: '5' } });
      await client.delete(`/connectors/${connector.id}`);
      await client.get('/connectors', { token: 'wrong' });
      await client.get('/_emulator/store');
      await client.put('/_emulator/faults', null);

      const entries = readRequestLog(requestLogFile);
      assert.equal(entries.length, 4, 'admin routes are not logged');
      const base = `/api/connect/v1/o/${client.org}`;
      assert.deepEqual(entries[0], {
        method: 'POST',
        path: `${base}/protocols/http/connectors`,
        query: {},
        status: 201,
        requestBody: body,
        responseBody: created.body,
      });
      assert.equal(entries[1]?.method, 'GET');
      assert.deepEqual(entries[1]?.query, { first: '5' });
      assert.equal(entries[1]?.status, 200);
      assert.ok(!('requestBody' in (entries[1] ?? {})));
      assert.deepEqual(entries[2], { method: 'DELETE', path: `${base}/connectors/${connector.id}`, query: {}, status: 204 });
      assert.equal(entries[3]?.status, 401);
      assert.equal((entries[3]?.responseBody as { code?: string }).code, 'unauthenticated');
    });
  });

  it('takes the file from VERSORI_EMULATOR_REQUEST_LOG when the options do not set it', async () => {
    const file = path.join(tempDir(), 'env.jsonl');
    const previous = process.env.VERSORI_EMULATOR_REQUEST_LOG;
    process.env.VERSORI_EMULATOR_REQUEST_LOG = file;
    let emulator;
    try {
      emulator = await startEmulator();
    } finally {
      if (previous === undefined) delete process.env.VERSORI_EMULATOR_REQUEST_LOG;
      else process.env.VERSORI_EMULATOR_REQUEST_LOG = previous;
    }
    try {
      await new Client(emulator).get('/connectors');
      assert.equal(readRequestLog(file).length, 1);
    } finally {
      await emulator.close();
    }
  });

  it('answers a 20 KB [[[…]]] body to any endpoint with 400 in the Error shape, and logs it', async () => {
    await withLoggedEmulator({}, async (client, requestLogFile) => {
      const paths = ['/protocols/http/connectors', '/connectors', '!/nowhere'];
      for (const pathname of paths) {
        const res = await client.request('POST', pathname, undefined, { rawBody: nestedArraysText(10_000) });
        assert.equal(res.status, 400, `${pathname}: ${res.text}`);
        assert.equal(ApiErrorBody.parse(res.body).code, 'invalid_argument');
      }
      const entries = readRequestLog(requestLogFile);
      assert.equal(entries.length, paths.length, 'one line per request');
      for (const entry of entries) {
        assert.equal(entry.status, 400);
        assert.ok(!('requestBody' in entry), 'the refused body is not logged');
      }
    });
  });

  it('keeps answering, in the Error shape too, when the log can no longer be written', async () => {
    await withLoggedEmulator({}, async (client, requestLogFile) => {
      rmSync(path.dirname(requestLogFile), { recursive: true, force: true });
      assert.equal((await client.get('/connectors')).status, 200);
      const refused = await client.post('/protocols/http/connectors', {});
      assert.equal(refused.status, 400);
      assert.equal(ApiErrorBody.parse(refused.body).code, 'invalid_argument');
    });
  });

  it('never holds a credential secret: secret values are logged as "", as responses show them', async () => {
    await withLoggedEmulator({}, async (client, requestLogFile) => {
      const [apiKey, basic, oauth] = [apiKeyConfig(), basicAuthConfig(), oauth2Config(undefined, { grantType: 'authorization_code', clientId: 'c', clientSecret: 'SECRET-grant' })];
      const created = await client.post('/protocols/http/connectors', httpConnectorBody({
        authSchemeConfigs: [apiKey, basic, oauth],
        connections: [connectionBody(apiKey, { type: 'string', data: { value: 'SECRET-string' } })],
      }));
      const connector = HttpConnector.parse(created.body);
      const credentials: Array<[Record<string, unknown>, string, Record<string, unknown>]> = [
        [basic, 'basic-auth', { username: 'u', password: 'SECRET-basic' }],
        [oauth, 'oauth2-code', { code: 'SECRET-code', state: 's' }],
        [oauth, 'oauth2-token', { scopes: [], accessToken: 'SECRET-access', refreshToken: 'SECRET-refresh' }],
        [apiKey, 'certificate', { certificate: 'C', key: 'SECRET-key', ca: 'A' }],
        [apiKey, 'typo', { value: 'SECRET-unknown-type' }],
      ];
      for (const [config, type, data] of credentials) {
        await client.post(`/connectors/${connector.id}/connections`, connectionBody(config, { type, data }));
      }
      const connection = Connection.parse(HttpConnector.parse((await client.get(`/connectors/${connector.id}`)).body).connections[0]);
      const [first] = connection.credentials.action ?? [];
      assert.ok(first !== undefined);
      const echo = { ...first, credential: { ...first.credential, data: { value: 'SECRET-echoed' } } };
      await client.put(`/connectors/${connector.id}/connections/${connection.id}`, { id: connection.id, name: connection.name, credentials: { action: [echo] } });
      await client.put(`/connectors/${connector.id}/auth-scheme-configs/${String(oauth.id)}`, { ...oauth, grant: { grantType: 'password', clientSecret: 'SECRET-upsert' } });
      const asText = JSON.stringify(httpConnectorBody({ authSchemeConfigs: [oauth2Config(undefined, { grantType: 'password', clientSecret: 'SECRET-text' })] }));
      assert.equal((await client.post('/protocols/http/connectors', undefined, { rawBody: asText, contentType: 'text/plain' })).status, 400);

      const text = readFileSync(requestLogFile, 'utf8');
      assert.ok(!text.includes('SECRET'), `a secret reached the request log: ${/.{80}SECRET.{40}/.exec(text)?.[0] ?? ''}`);
      const createLine = readRequestLog(requestLogFile)[0];
      const sent = createLine?.requestBody as { connections: Array<{ credentials: { action: Array<{ credential: { data: unknown } }> } }> };
      assert.deepEqual(sent.connections[0]?.credentials.action[0]?.credential.data, { value: '' });
    });
  });

  it('rotates the log at its size limit, keeping one older file, so it never grows without bound', async () => {
    const requestLogMaxBytes = 64 * 1024;
    await withLoggedEmulator({ requestLogMaxBytes }, async (client, requestLogFile) => {
      for (let i = 0; i < 60; i++) {
        await client.post('/protocols/http/connectors', httpConnectorBody({ tags: { filler: 'x'.repeat(2000) } }));
      }
      const huge = await client.post('/protocols/http/connectors', httpConnectorBody({ tags: { filler: 'y'.repeat(100_000) } }));
      assert.equal(huge.status, 201);
      const last = await client.get('/connectors', { query: { first: '1' } });
      assert.equal(last.status, 200);
      assert.ok(statSync(requestLogFile).size <= requestLogMaxBytes, `${statSync(requestLogFile).size} bytes`);
      assert.ok(statSync(`${requestLogFile}.1`).size <= requestLogMaxBytes, 'the rotated file is bounded too');
      const entries = readRequestLog(requestLogFile);
      assert.equal(entries.at(-1)?.method, 'GET', 'the newest entry is in the current file');
      const hugeEntry = entries.at(-2);
      assert.equal(hugeEntry?.status, 201, 'a line too long for the file is kept, without its bodies');
      assert.ok(!('requestBody' in (hugeEntry ?? {})));
      assert.equal(hugeEntry?.bodiesOmitted, true);
      assert.ok(entries.length > 2, 'readRequestLog reads the rotated file first');
    });
  });
});

