import { strict as assert } from 'node:assert';
import { Connector, ConnectorVersion } from '../../api/schemas';
import { ConnectorVersionsPage, PublishConnectorResponse } from '../../api/versions';
import { fieldNames, obj, useEmulator } from './support';
import { actionBody, definitionBody, jsonSchema, newAction, newConnector, newDefinitions, newVersion, publish } from './version-support';

describe('emulator connector versions', () => {
  const { client } = useEmulator();

  it('creates a draft: 201, publishedAt null, not latest, not default, no description; the connector lists it', async () => {
    const connectorId = await newConnector(client());
    const created = await client().post(`/connectors/${connectorId}/versions`, { name: '1.0.0' });
    assert.equal(created.status, 201);
    const version = ConnectorVersion.parse(created.body);
    assert.deepEqual([version.name, version.publishedAt, version.isLatest, version.isDefault, 'description' in obj(created.body)], ['1.0.0', null, false, false, false]);
    const connector = Connector.parse((await client().get(`/connectors/${connectorId}`)).body);
    assert.deepEqual(connector.versions.map((v) => v.id), [version.id]);
    assert.deepEqual((await client().get(`/connectors/${connectorId}/versions/1.0.0`)).body, created.body);
  });

  it("orders the connector's versions array as the versions list: most recently updated first", async () => {
    const connectorId = await newConnector(client());
    for (const name of ['x', 'y', 'z']) await newVersion(client(), connectorId, name);
    const x = ConnectorVersion.parse((await client().get(`/connectors/${connectorId}/versions/x`)).body);
    await client().put(`/connectors/${connectorId}/versions/x`, { ...x, description: 'touched' });
    const connector = Connector.parse((await client().get(`/connectors/${connectorId}`)).body);
    const listed = ConnectorVersionsPage.parse((await client().get(`/connectors/${connectorId}/versions`)).body);
    assert.deepEqual(connector.versions.map((v) => v.name), ['x', 'z', 'y']);
    assert.deepEqual(listed.items.map((v) => v.name), ['x', 'z', 'y']);
  });

  it('a new connector has no versions', async () => {
    const res = await client().post('/protocols/http/connectors', { name: 'n', baseUrl: 'https://x.example.com', authSchemeConfigs: [], connections: [] });
    assert.deepEqual(Connector.parse(res.body).versions, []);
  });

  it('refuses bad names (400: empty, "/", exactly latest or default) but takes "Latest"; a duplicate is 409', async () => {
    const connectorId = await newConnector(client());
    for (const name of ['', 'a/b', 'latest', 'default']) {
      const res = await client().post(`/connectors/${connectorId}/versions`, { name });
      assert.equal(res.status, 400, name);
      assert.deepEqual(fieldNames(res.body), ['name']);
    }
    await newVersion(client(), connectorId, 'Latest');
    assert.equal((await client().post(`/connectors/${connectorId}/versions`, { name: 'Latest' })).status, 409);
  });

  it('does not take a version id in the path (404), only its name', async () => {
    const connectorId = await newConnector(client());
    const version = await newVersion(client(), connectorId);
    assert.equal((await client().get(`/connectors/${connectorId}/versions/${version.id}`)).status, 404);
  });

  it('resolves latest and default on every method; 404 while nothing is published', async () => {
    const connectorId = await newConnector(client());
    await newVersion(client(), connectorId, '2.0');
    await newVersion(client(), connectorId, '1.0');
    assert.equal((await client().get(`/connectors/${connectorId}/versions/latest`)).status, 404);
    assert.equal((await client().get(`/connectors/${connectorId}/versions/default`)).status, 404);
    await publish(client(), connectorId, '2.0');
    const older = await publish(client(), connectorId, '1.0');
    assert.equal(older.isLatest, true, 'publishing an older name after a newer one makes it latest');
    const latest = ConnectorVersion.parse((await client().get(`/connectors/${connectorId}/versions/latest`)).body);
    assert.equal(latest.name, '1.0');
    assert.equal(ConnectorVersion.parse((await client().get(`/connectors/${connectorId}/versions/default`)).body).name, '1.0');
    const two = ConnectorVersion.parse((await client().get(`/connectors/${connectorId}/versions/2.0`)).body);
    assert.equal(two.isLatest, false);
    const put = await client().put(`/connectors/${connectorId}/versions/2.0`, { ...two, isDefault: true });
    assert.equal(put.status, 200, put.text);
    assert.equal(ConnectorVersion.parse((await client().get(`/connectors/${connectorId}/versions/default`)).body).name, '2.0');
    const write = await client().post(`/connectors/${connectorId}/versions/latest/definitions`, { definitions: [definitionBody('d')] });
    assert.equal(write.status, 409, 'a write through an alias meets the published-version rules');
    assert.equal((await client().delete(`/connectors/${connectorId}/versions/latest`)).status, 409);
  });

  it('copies a version with fromVersion: every child, new ids and urls, links re-pointed; 400 for an unknown fromVersion', async () => {
    const connectorId = await newConnector(client());
    const base = `/connectors/${connectorId}/versions/1`;
    await newVersion(client(), connectorId, '1');
    const [item, list] = await newDefinitions(client(), base, definitionBody('item'), definitionBody('list', { schema: jsonSchema({ type: 'array', items: { $ref: '#/$defs/item' } }) }));
    const action = await newAction(client(), base, actionBody('get$item', { responses: [{ id: 'x', status: 200, definitions: [{ definition: { name: 'item' } }] }] }));
    const bad = await client().post(`/connectors/${connectorId}/versions`, { name: '2', fromVersion: 'nope' });
    assert.equal(bad.status, 400);
    assert.deepEqual(fieldNames(bad.body), ['fromVersion']);
    assert.equal((await client().post(`/connectors/${connectorId}/versions`, { name: '2', fromVersion: 'latest' })).status, 400);
    const copy = await newVersion(client(), connectorId, '2', '1');
    assert.equal(copy.publishedAt, null);
    const defs = obj((await client().get(`/connectors/${connectorId}/versions/2/definitions`)).body).definitions as Array<Record<string, unknown>>;
    const copiedItem = defs.find((d) => d.name === 'item');
    assert.ok(copiedItem !== undefined && copiedItem.id !== item?.id && copiedItem.url !== item?.url);
    const copiedList = defs.find((d) => d.name === 'list');
    assert.ok(copiedList !== undefined && copiedList.id !== list?.id);
    const copiedAction = obj((await client().get(`/connectors/${connectorId}/versions/2/actions/get$item`)).body);
    assert.notEqual(copiedAction.id, action.id);
    const link = obj((copiedAction.responses as Array<{ definitions: Array<{ id: string; definition: { id: string } }> }>)[0]?.definitions[0]);
    assert.equal(obj(link.definition).id, copiedItem.id, 'the link points at the copy');
    assert.deepEqual(
      (copiedItem.referencedBy as Array<{ name: string }>).map((r) => r.name).sort(),
      ['get$item', 'list'],
    );
  });

  it('pages versions most recently updated first; first above 100 is 100, below 1 is 400; a bad cursor is 400', async () => {
    const connectorId = await newConnector(client());
    for (const name of ['a', 'b', 'c']) await newVersion(client(), connectorId, name);
    const first = ConnectorVersionsPage.parse((await client().get(`/connectors/${connectorId}/versions`, { query: { first: '2' } })).body);
    assert.deepEqual([first.totalCount, first.items.map((v) => v.name), first.prev], [3, ['c', 'b'], undefined]);
    const second = ConnectorVersionsPage.parse((await client().get(`/connectors/${connectorId}/versions`, { query: { first: '2', after: first.next ?? '' } })).body);
    assert.deepEqual([second.items.map((v) => v.name), second.next], [['a'], undefined]);
    const back = ConnectorVersionsPage.parse((await client().get(`/connectors/${connectorId}/versions`, { query: { before: second.prev ?? '' } })).body);
    assert.deepEqual(back.items.map((v) => v.name), ['c', 'b']);
    assert.equal((await client().get(`/connectors/${connectorId}/versions`, { query: { first: '1000' } })).status, 200);
    assert.equal((await client().get(`/connectors/${connectorId}/versions`, { query: { first: '0' } })).status, 400);
    assert.equal((await client().get(`/connectors/${connectorId}/versions`, { query: { after: 'garbage' } })).status, 400);
  });

  it('updates a draft description (absent clears); 400 for a changed read-only field; 409 for isDefault on a draft', async () => {
    const connectorId = await newConnector(client());
    const version = await newVersion(client(), connectorId);
    const path = `/connectors/${connectorId}/versions/1.0.0`;
    const described = ConnectorVersion.parse((await client().put(path, { ...version, description: 'first cut' })).body);
    assert.equal(described.description, 'first cut');
    assert.ok(described.updatedAt > version.updatedAt);
    const same = ConnectorVersion.parse((await client().put(path, { ...described, updatedAt: version.updatedAt })).body);
    assert.equal(same.updatedAt, described.updatedAt, 'a stale updatedAt is ignored, and nothing changed');
    for (const change of [{ name: 'x' }, { isLatest: true }, { createdAt: '2001-01-01T00:00:00Z' }, { id: '01HF3Z6Q8W9V2T5K7M4N0PXYZA' }]) {
      assert.equal((await client().put(path, { ...described, ...change })).status, 400, JSON.stringify(change));
    }
    assert.equal((await client().put(path, { ...described, isDefault: true })).status, 409);
    const cleared = obj((await client().put(path, { ...described, description: undefined })).body);
    assert.equal('description' in cleared, false);
  });

  it('on a published version: description frozen (409), isDefault held by one version at a time', async () => {
    const connectorId = await newConnector(client());
    await newVersion(client(), connectorId, 'a');
    await newVersion(client(), connectorId, 'b');
    const a = await publish(client(), connectorId, 'a');
    const b = await publish(client(), connectorId, 'b');
    assert.equal((await client().put(`/connectors/${connectorId}/versions/a`, { ...a, description: 'late' })).status, 409);
    const bDefault = ConnectorVersion.parse((await client().put(`/connectors/${connectorId}/versions/b`, { ...b, isDefault: true })).body);
    assert.equal(bDefault.isDefault, true);
    const aNow = ConnectorVersion.parse((await client().get(`/connectors/${connectorId}/versions/a`)).body);
    assert.equal(aNow.isDefault, false);
  });

  it('publishes (409 when published, 400 with fields when an error blocks it, warnings as messages) and unpublishes (409 for a draft or with subscriptions)', async () => {
    const connectorId = await newConnector(client());
    await newVersion(client(), connectorId, 'v');
    const base = `/connectors/${connectorId}/versions/v`;
    await newAction(client(), base, actionBody('broken', { responses: [] }));
    const blocked = await client().post(`${base}/publish`, undefined);
    assert.equal(blocked.status, 400);
    assert.deepEqual(fieldNames(blocked.body), ['actions.broken/responses']);
    assert.equal((await client().delete(`${base}/actions/broken`)).status, 204);
    await newAction(client(), base, actionBody('warns', { path: '/x', parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }] }));
    const published = await client().post(`${base}/publish`, undefined);
    assert.equal(published.status, 200);
    const version = PublishConnectorResponse.parse(published.body).version;
    assert.deepEqual([version.isLatest, version.messages?.map((m) => m.severity)], [true, ['warning']]);
    assert.equal('messages' in obj((await client().get(base)).body), false, 'no other endpoint returns messages');
    assert.equal((await client().post(`${base}/publish`, undefined)).status, 409);
    const hook = await client().post('/_emulator/subscriptions', { connectorId, version: 'v', count: 1 });
    assert.equal(hook.status, 200);
    assert.equal((await client().post(`${base}/unpublish`, undefined)).status, 409);
    await client().post('/_emulator/subscriptions', { connectorId, version: 'v', count: 0 });
    const unpublished = PublishConnectorResponse.parse((await client().post(`${base}/unpublish`, undefined)).body).version;
    assert.deepEqual([unpublished.publishedAt, unpublished.isLatest, unpublished.isDefault], [null, false, false]);
    assert.equal((await client().post(`${base}/unpublish`, undefined)).status, 409);
  });

  it('deletes a draft with its children (204); a published version needs force (409 without)', async () => {
    const connectorId = await newConnector(client());
    await newVersion(client(), connectorId, 'd');
    await newDefinitions(client(), `/connectors/${connectorId}/versions/d`, definitionBody('x'));
    assert.equal((await client().delete(`/connectors/${connectorId}/versions/d`)).status, 204);
    assert.equal((await client().get(`/connectors/${connectorId}/versions/d/definitions/x`)).status, 404);
    await newVersion(client(), connectorId, 'p');
    await publish(client(), connectorId, 'p');
    assert.equal((await client().delete(`/connectors/${connectorId}/versions/p`)).status, 409);
    assert.equal((await client().delete(`/connectors/${connectorId}/versions/p`, { query: { force: 'true' } })).status, 204);
    assert.equal((await client().get(`/connectors/${connectorId}/versions/latest`)).status, 404);
  });
});
