import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Connection, HttpConnector } from '../../api/schemas';
import { startEmulator } from '../../emulator';
import { StorePersister } from '../../emulator/store';
import { apiKeyConfig, Client, connectionBody, httpConnectorBody, newUlid, tempDir } from './support';

/** Waits until `condition` holds (the persister saves on a later turn), for at most 5 s on a loaded machine. */
async function until(condition: () => boolean): Promise<void> {
  for (const started = Date.now(); !condition() && Date.now() - started < 5000; ) await delay(10);
}

describe('emulator persistence', () => {
  it('writes the whole store to --data and reloads it on start, secrets included but still redacted', async () => {
    const dir = tempDir();
    const dataFile = path.join(dir, 'store.json');
    const organisationId = newUlid();
    const first = await startEmulator({ dataFile, organisationId, token: 't1' });
    let connector: HttpConnector;
    let connection: Connection;
    try {
      const client = new Client(first);
      const config = apiKeyConfig();
      connector = HttpConnector.parse((await client.post('/protocols/http/connectors', httpConnectorBody({ authSchemeConfigs: [config] }))).body);
      const created = await client.post(`/connectors/${connector.id}/connections`, connectionBody(config, { type: 'string', data: { value: 'SECRET-persisted' } }));
      connection = Connection.parse(created.body);
      client.emulator.markInUse(connector.id);
    } finally {
      await first.close();
    }
    assert.ok(readFileSync(dataFile, 'utf8').includes('SECRET-persisted'));
    assert.deepEqual(readdirSync(dir), ['store.json'], 'no temp file is left behind');

    const second = await startEmulator({ dataFile, organisationId, token: 't2' });
    try {
      const client = new Client(second);
      const read = await client.get(`/connectors/${connector.id}`);
      assert.equal(read.status, 200);
      const reread = HttpConnector.parse(read.body);
      assert.deepEqual(reread, HttpConnector.parse({ ...connector, connections: [connection], updatedAt: reread.updatedAt }));
      assert.ok(!read.text.includes('SECRET'));
      assert.equal((await client.delete(`/connectors/${connector.id}`)).status, 409, 'in-use marks persist');
      const update = await client.put(`/connectors/${connector.id}`, { ...connector, name: 'after-restart' });
      assert.ok(HttpConnector.parse(update.body).updatedAt > reread.updatedAt, 'timestamps keep moving forward after a reload');
    } finally {
      await second.close();
    }

    const otherOrg = await startEmulator({ dataFile, organisationId: newUlid() });
    try {
      const client = new Client(otherOrg);
      assert.equal((await client.get(`/connectors/${connector.id}`)).status, 404, 'another organisation sees nothing');
      const list = await client.get('/connectors');
      assert.deepEqual(list.body, { totalCount: 0, connectors: [] });
    } finally {
      await otherOrg.close();
    }
  });

  it('keeps every change of a burst of concurrent writes', async () => {
    const dataFile = path.join(tempDir(), 'store.json');
    const organisationId = newUlid();
    const emulator = await startEmulator({ dataFile, organisationId });
    const client = new Client(emulator);
    let ids: string[];
    try {
      const created = await Promise.all(Array.from({ length: 30 }, () => client.post('/protocols/http/connectors', httpConnectorBody())));
      ids = created.map((r) => HttpConnector.parse(r.body).id);
    } finally {
      await emulator.close();
    }
    const reloaded = await startEmulator({ dataFile, organisationId });
    try {
      const list = await new Client(reloaded).get('/connectors', { query: { first: '100' } });
      assert.deepEqual(new Set((list.body as { connectors: Array<{ id: string }> }).connectors.map((c) => c.id)), new Set(ids));
    } finally {
      await reloaded.close();
    }
  });

  it('refuses to start on a file that is not an emulator data file', async () => {
    const dataFile = path.join(tempDir(), 'store.json');
    writeFileSync(dataFile, '{"something":"else"}');
    await assert.rejects(startEmulator({ dataFile }), /not a Versori emulator data file/);
  });

  it('clears the store with POST /_emulator/reset', async () => {
    const emulator = await startEmulator();
    try {
      const client = new Client(emulator);
      const connector = HttpConnector.parse((await client.post('/protocols/http/connectors', httpConnectorBody())).body);
      assert.equal((await client.post('/_emulator/reset', undefined)).status, 204);
      assert.equal((await client.get(`/connectors/${connector.id}`)).status, 404);
    } finally {
      await emulator.close();
    }
  });

  describe('StorePersister', () => {
    it('reports a snapshot that throws, and saves on the next change (persistence never stops for good)', async () => {
      const file = path.join(tempDir(), 'store.json');
      const errors: unknown[] = [];
      let failing = true;
      const persister = new StorePersister(
        file,
        () => {
          if (failing) throw new RangeError('Maximum call stack size exceeded');
          return '{"saved":true}';
        },
        (error) => errors.push(error),
      );
      persister.schedule();
      await until(() => errors.length > 0);
      assert.equal(errors.length, 1, 'the failed snapshot is reported');
      failing = false;
      persister.schedule();
      await until(() => existsSync(file));
      assert.ok(existsSync(file), 'a change after a failed snapshot is saved');
      assert.equal(readFileSync(file, 'utf8'), '{"saved":true}');
      await persister.flush();
    });

    it('makes flush reject, after one more try, while the store cannot be written', async () => {
      const file = path.join(tempDir(), 'missing-directory', 'store.json');
      let writes = 0;
      const persister = new StorePersister(
        file,
        () => {
          writes += 1;
          return '{}';
        },
        () => undefined,
      );
      persister.schedule();
      await assert.rejects(persister.flush(), /could not save the store to .*missing-directory/);
      assert.equal(writes, 2, 'flush tried the failed save once more');
    });

    it('saves the changes made in one turn together', async () => {
      const file = path.join(tempDir(), 'store.json');
      let snapshots = 0;
      const persister = new StorePersister(file, () => `{"n":${++snapshots}}`);
      persister.schedule();
      persister.schedule();
      await persister.flush();
      assert.equal(readFileSync(file, 'utf8'), '{"n":1}');
    });
  });
});

