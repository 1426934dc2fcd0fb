// The new routes through the emulator's shared machinery: tags and categories, --data persistence, the request log,
// fault injection.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { ConnectorPage, HttpConnector } from '../../api/schemas';
import { ActionPage, DefinitionPage } from '../../api/versions';
import { startEmulator } from '../../emulator';
import { readRequestLog } from '../../emulator/request-log';
import { Client, fieldNames, newUlid, obj, tempDir, useEmulator } from './support';
import { actionBody, definitionBody, newAction, newConnector, newDefinitions, newVersion } from './version-support';

describe('emulator connector metadata and the version routes through shared machinery', () => {
  const { client, emulator } = useEmulator();

  it('tags: a body without tags clears them (204)', async () => {
    const connectorId = await newConnector(client());
    assert.equal((await client().put(`/connectors/${connectorId}/tags`, { tags: { category: ['e-commerce'] } })).status, 204);
    assert.equal((await client().put(`/connectors/${connectorId}/tags`, {})).status, 204);
    assert.equal('tags' in obj((await client().get(`/connectors/${connectorId}`)).body), false);
  });

  it('categories: 204, never returned, duplicates collapsed, 400 outside the enum, ListConnectors matches any given one', async () => {
    const a = await newConnector(client());
    const b = await newConnector(client());
    const before = HttpConnector.parse((await client().get(`/connectors/${a}`)).body);
    assert.equal((await client().put(`/connectors/${a}/categories`, { categories: ['ERP', 'ERP', 'CRM'] })).status, 204);
    assert.equal((await client().put(`/connectors/${b}/categories`, { categories: ['HR'] })).status, 204);
    const after = obj((await client().get(`/connectors/${a}`)).body);
    assert.equal('categories' in after, false);
    assert.ok(String(after.updatedAt) > before.updatedAt);
    const bad = await client().put(`/connectors/${a}/categories`, { categories: ['Games'] });
    assert.equal(bad.status, 400);
    assert.deepEqual(fieldNames(bad.body), ['categories[0]']);
    const found = ConnectorPage.parse((await client().get(`/connectors?categories=CRM&categories=HR&first=100`)).body);
    assert.deepEqual(found.connectors.map((c) => c.id).sort(), [a, b].sort());
    assert.equal((await client().put(`/connectors/${a}/categories`, {})).status, 204);
    const cleared = ConnectorPage.parse((await client().get(`/connectors?categories=ERP&first=100`)).body);
    assert.equal(cleared.totalCount, 0);
  });

  it('fault injection covers the version routes: an injected error applies nothing', async () => {
    const connectorId = await newConnector(client());
    emulator().setFaults({ seed: 3, errorRate: 1, statuses: [503] });
    const res = await client().post(`/connectors/${connectorId}/versions`, { name: 'faulted' });
    emulator().setFaults(null);
    assert.equal(res.status, 503);
    assert.equal((await client().get(`/connectors/${connectorId}/versions/faulted`)).status, 404);
  });

  it('persists versions and their children to --data and logs their requests', async () => {
    const dir = tempDir();
    const dataFile = path.join(dir, 'store.json');
    const requestLogFile = path.join(dir, 'requests.jsonl');
    const organisationId = newUlid();
    const first = new Client(await startEmulator({ dataFile, organisationId, requestLogFile }));
    let connectorId = '';
    try {
      connectorId = await newConnector(first);
      await newVersion(first, connectorId, 'v');
      await newDefinitions(first, `/connectors/${connectorId}/versions/v`, definitionBody('d'));
      await newAction(first, `/connectors/${connectorId}/versions/v`, actionBody('a'));
    } finally {
      await first.emulator.close();
    }
    const entries = readRequestLog(requestLogFile);
    assert.deepEqual(entries.map((e) => [e.method, e.status]).slice(1), [['POST', 201], ['POST', 201], ['POST', 201]]);
    assert.equal(entries[1]?.path, `/api/connect/v1/o/${organisationId}/connectors/${connectorId}/versions`);
    const second = new Client(await startEmulator({ dataFile, organisationId }));
    try {
      const base = `/connectors/${connectorId}/versions/v`;
      assert.equal(DefinitionPage.parse((await second.get(`${base}/definitions`)).body).definitions[0]?.name, 'd');
      assert.equal(ActionPage.parse((await second.get(`${base}/actions`)).body).actions[0]?.name, 'a');
    } finally {
      await second.emulator.close();
    }
  });
});
