import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { HttpConnector } from '../../api/schemas';
import { startEmulator } from '../../emulator';
import { Client, httpConnectorBody, tempDir } from './support';

function readLog(file: string): Array<Record<string, unknown>> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('emulator request log', () => {
  it('appends one JSON line per API request with method, path, query, status and bodies', async () => {
    const requestLogFile = path.join(tempDir(), 'requests.jsonl');
    const emulator = await startEmulator({ requestLogFile });
    try {
      const client = new Client(emulator);
      const body = httpConnectorBody();
      const created = await client.post('/protocols/http/connectors', body);
      const connector = HttpConnector.parse(created.body);
      await client.get('/connectors', { query: { first: '5' } });
      await client.delete(`/connectors/${connector.id}`);
      await client.get('/connectors', { token: 'wrong' });
      await client.get('/_emulator/store');
      await client.put('/_emulator/faults', null);

      const entries = readLog(requestLogFile);
      assert.equal(entries.length, 4, 'admin routes are not logged');
      const base = `/api/connect/v1/o/${emulator.organisationId}`;
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
    } finally {
      await emulator.close();
    }
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
      assert.equal(readLog(file).length, 1);
    } finally {
      await emulator.close();
    }
  });
});
