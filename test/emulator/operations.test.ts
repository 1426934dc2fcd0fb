import { strict as assert } from 'node:assert';
import { Action, ActionPage, Trigger, TriggerPage } from '../../api/versions';
import { fieldNames, newUlid, obj, useEmulator } from './support';
import { actionBody, definitionBody, newAction, newConnector, newDefinitions, newVersion, publish } from './version-support';

describe('emulator actions and triggers', () => {
  const { client } = useEmulator();

  async function draft(protocol: 'http' | 'bigquery' = 'http'): Promise<{ connectorId: string; base: string }> {
    const connectorId = await newConnector(client(), protocol);
    await newVersion(client(), connectorId, 'v1');
    return { connectorId, base: `/connectors/${connectorId}/versions/v1` };
  }

  it('creates an action (201): server ids, embedded definitions, errors always present ([] when clean)', async () => {
    const { base } = await draft();
    const [json] = await newDefinitions(client(), base, definitionBody('product'));
    const clientId = newUlid();
    const action = await newAction(client(), base, actionBody('get$Product', {
      summary: 'Get Product',
      requestBody: { required: true, definitions: [{ definition: { id: json?.id } }] },
      responses: [{ id: clientId, status: 200, definitions: [{ definition: { name: 'product' } }] }, { id: 'any', definitions: [] }],
    }));
    assert.deepEqual(action.errors, []);
    assert.notEqual(action.responses[0]?.id, clientId, 'the server assigns response ids on create');
    assert.deepEqual(action.responses[0]?.definitions[0]?.definition.id, json?.id);
    assert.equal(action.responses[0]?.definitions[0]?.definition.referencedBy?.[0]?.name, 'get$Product');
    assert.deepEqual(Action.parse((await client().get(`${base}/actions/get$Product`)).body), action);
  });

  it('refuses (400) a response without id, a bad status, duplicate statuses or defaults, a clashing media type, an unknown ref, a duplicate parameter, a non-{} completion', async () => {
    const { base } = await draft();
    await newDefinitions(client(), base, definitionBody('a'), definitionBody('b'));
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ responses: [{ status: 200, definitions: [] }] }, 'responses[0].id'],
      [{ responses: [{ id: 1, status: 99, definitions: [] }] }, 'responses[0].status'],
      [{ responses: [{ id: 1, status: 200, definitions: [] }, { id: 2, status: 200, definitions: [] }] }, 'responses[1].status'],
      [{ responses: [{ id: 1, definitions: [] }, { id: 2, definitions: [] }] }, 'responses[1].status'],
      [{ responses: [{ id: 1, status: 200, definitions: [{ definition: { name: 'a' } }, { definition: { name: 'b' } }] }] }, 'responses[0].definitions[1]'],
      [{ responses: [{ id: 1, status: 200, definitions: [{ definition: { name: 'zz' } }] }] }, 'responses[0].definitions[0].definition'],
      [{ responses: [{ id: 1, status: 200, definitions: [{ definition: { name: 'a', id: newUlid() } }] }] }, 'responses[0].definitions[0].definition'],
      [{ parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }, { name: 'id', in: 'path', required: false, type: 'string' }] }, 'parameters[1]'],
      [{ parameters: [{ name: 'id', in: 'path', required: true, type: 'string', completion: { x: 1 } }] }, 'parameters[0].completion'],
      [{ name: 'bad name' }, 'name'],
    ];
    for (const [overrides, field] of cases) {
      const res = await client().post(`${base}/actions`, actionBody('act', overrides));
      assert.equal(res.status, 400, JSON.stringify(overrides));
      assert.deepEqual(fieldNames(res.body), [field], JSON.stringify(overrides));
    }
  });

  it('records validation in errors without refusing the write: empty responses, a missing path parameter, an unused one', async () => {
    const { base } = await draft();
    const action = await newAction(client(), base, actionBody('v', {
      path: '/a/{{ param.x }}',
      parameters: [{ name: 'unused', in: 'path', required: true, type: 'string' }],
      responses: [],
    }));
    assert.deepEqual(action.errors?.map((e) => [e.field, e.severity]), [['/responses', 'error'], ['/path', 'error'], ['/parameters/0', 'warning']]);
  });

  it('is unique per version (409), while an action and a trigger may share a name', async () => {
    const { base } = await draft();
    await newAction(client(), base, actionBody('same'));
    assert.equal((await client().post(`${base}/actions`, actionBody('same'))).status, 409);
    const { path: _path, ...trigger } = actionBody('same', { parameters: [] });
    const created = await client().post(`${base}/triggers`, trigger);
    assert.equal(created.status, 201, created.text);
    assert.equal('path' in obj(created.body), false);
    Trigger.parse(created.body);
  });

  it('updates the whole action: absent optionals cleared, known ids kept, new ids replaced, rename with 409 on a taken name, id and type fixed', async () => {
    const { base } = await draft();
    await newDefinitions(client(), base, definitionBody('d'));
    await newAction(client(), base, actionBody('other'));
    const action = await newAction(client(), base, actionBody('act', { summary: 's', responses: [{ id: 1, status: 200, definitions: [{ definition: { name: 'd' } }] }] }));
    const fresh = newUlid();
    const body = { ...action, summary: undefined, responses: [...action.responses, { id: fresh, status: 404, definitions: [] }] };
    const updated = Action.parse((await client().put(`${base}/actions/act`, body)).body);
    assert.equal(updated.summary, undefined);
    assert.equal(updated.responses[0]?.id, action.responses[0]?.id);
    assert.equal(updated.responses[0]?.definitions[0]?.id, action.responses[0]?.definitions[0]?.id);
    assert.notEqual(updated.responses[1]?.id, fresh);
    assert.equal((await client().put(`${base}/actions/act`, { ...updated, id: newUlid() })).status, 400);
    assert.equal((await client().put(`${base}/actions/act`, { ...updated, type: 'grpc' })).status, 400);
    assert.equal((await client().put(`${base}/actions/act`, { ...updated, responses: [{ status: 200, definitions: [] }] })).status, 400, 'a response id is required');
    assert.equal((await client().put(`${base}/actions/act`, { ...updated, name: 'other' })).status, 409);
    const renamed = await client().put(`${base}/actions/act`, { ...updated, name: 'act2' });
    assert.equal(renamed.status, 200);
    assert.equal((await client().get(`${base}/actions/act`)).status, 404);
  });

  it('deleting an action removes it from referencedBy (204); lists page and filter by name', async () => {
    const { base } = await draft();
    await newDefinitions(client(), base, definitionBody('d'));
    for (const name of ['alpha', 'Beta', 'gamma']) await newAction(client(), base, actionBody(name, { responses: [{ id: 1, status: 200, definitions: [{ definition: { name: 'd' } }] }] }));
    const page = ActionPage.parse((await client().get(`${base}/actions`, { query: { first: '2' } })).body);
    assert.deepEqual([page.totalCount, page.actions.map((a) => a.name), page.next !== undefined], [3, ['gamma', 'Beta'], true]);
    const filtered = ActionPage.parse((await client().get(`${base}/actions`, { query: { name: 'BET' } })).body);
    assert.deepEqual(filtered.actions.map((a) => a.name), ['Beta']);
    for (const name of ['alpha', 'Beta', 'gamma']) assert.equal((await client().delete(`${base}/actions/${name}`)).status, 204);
    assert.equal('referencedBy' in obj((await client().get(`${base}/definitions/d`)).body), false);
    assert.equal(TriggerPage.parse((await client().get(`${base}/triggers`)).body).totalCount, 0);
  });

  it('refuses actions and triggers under a non-HTTP connector (400) and any write under a published version (409, force included)', async () => {
    const bq = await draft('bigquery');
    assert.equal((await client().post(`${bq.base}/actions`, actionBody('a'))).status, 400);
    const { connectorId, base } = await draft();
    const action = await newAction(client(), base, actionBody('a'));
    await publish(client(), connectorId, 'v1');
    assert.equal((await client().post(`${base}/actions`, actionBody('b'))).status, 409);
    assert.equal((await client().put(`${base}/actions/a`, action)).status, 409);
    assert.equal((await client().delete(`${base}/actions/a`, { query: { force: 'true' } })).status, 409);
    assert.equal((await client().post(`${base}/triggers`, { not: 'a trigger' })).status, 409);
  });
});
