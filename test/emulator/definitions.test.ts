import { strict as assert } from 'node:assert';
import { ApiErrorBody } from '../../api/schemas';
import { Definition, DefinitionDeletePreconditionFailed, DefinitionPage } from '../../api/versions';
import { fieldNames, newUlid, obj, useEmulator } from './support';
import { actionBody, definitionBody, jsonSchema, newAction, newConnector, newDefinitions, newVersion, publish } from './version-support';

describe('emulator definitions', () => {
  const { client, emulator } = useEmulator();

  async function draft(): Promise<{ connectorId: string; base: string }> {
    const connectorId = await newConnector(client());
    await newVersion(client(), connectorId, '1.0');
    return { connectorId, base: `/connectors/${connectorId}/versions/1.0` };
  }

  it('creates in request order (201) with a url on the emulator origin whose extension follows the content type', async () => {
    const { connectorId, base } = await draft();
    const [a, b, c] = await newDefinitions(
      client(),
      base,
      definitionBody('a', { description: 'A' }),
      definitionBody('b', { accept: ['application/json', 'text/yaml'], schema: { contentType: 'application/schema+yaml; charset=utf-8', content: 'type: object' } }),
      definitionBody('c', { accept: ['application/xml'], schema: { contentType: 'text/xml', content: '<xs:schema/>' } }),
    );
    assert.deepEqual([a?.name, b?.name, c?.name], ['a', 'b', 'c']);
    assert.equal(a?.url, `${emulator().origin}/api/schemas/v1/o/${emulator().organisationId}/${connectorId}/1.0/${a?.id}.json`);
    assert.ok(b?.url.endsWith('.yaml') && c?.url.endsWith('.xsd'));
    assert.equal('referencedBy' in obj(a), false, 'empty arrays are omitted');
    assert.deepEqual(Definition.parse((await client().get(`${base}/definitions/a`)).body), a);
  });

  it('refuses (400) a bad name, an empty accept, invalid JSON Schema text, an empty list, a name twice in one request, an unknown #/$defs name', async () => {
    const { base } = await draft();
    const bodies: Array<[unknown, string]> = [
      [{ definitions: [definitionBody('a$b')] }, 'definitions[0].name'],
      [{ definitions: [definitionBody('a', { accept: [] })] }, 'definitions[0].accept'],
      [{ definitions: [definitionBody('a', { schema: { contentType: 'application/schema+json', content: '{' } })] }, 'definitions[0].schema.content'],
      [{ definitions: [] }, 'definitions'],
      [{ definitions: [definitionBody('a'), definitionBody('a')] }, 'definitions[1].name'],
      [{ definitions: [definitionBody('a', { schema: jsonSchema({ $ref: '#/$defs/missing' }) })] }, 'definitions[0].schema.content'],
    ];
    for (const [body, field] of bodies) {
      const res = await client().post(`${base}/definitions`, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.deepEqual(fieldNames(res.body), [field]);
    }
    assert.equal(DefinitionPage.parse((await client().get(`${base}/definitions`)).body).totalCount, 0, 'nothing was created');
  });

  it('is atomic and allows cycles within one request; a name clash with the version is 409 and creates nothing', async () => {
    const { base } = await draft();
    const [x, y] = await newDefinitions(
      client(),
      base,
      definitionBody('x', { schema: jsonSchema({ $ref: '#/$defs/y' }) }),
      definitionBody('y', { schema: jsonSchema({ properties: { x: { $ref: '#/$defs/x' } }, $defs: { own: {} }, items: { $ref: '#/$defs/own' } }) }),
    );
    assert.deepEqual(x?.referencedBy, [{ type: 'definition', id: y?.id, name: 'y' }]);
    const clash = await client().post(`${base}/definitions`, { definitions: [definitionBody('z'), definitionBody('x')] });
    assert.equal(clash.status, 409);
    assert.equal((await client().get(`${base}/definitions/z`)).status, 404);
  });

  it('records a $ref to a definition url as a reference', async () => {
    const { base } = await draft();
    const [target] = await newDefinitions(client(), base, definitionBody('target'));
    await newDefinitions(client(), base, definitionBody('user', { schema: jsonSchema({ $ref: target?.url }) }));
    const read = Definition.parse((await client().get(`${base}/definitions/target`)).body);
    assert.deepEqual(read.referencedBy?.map((r) => r.name), ['user']);
  });

  it('updates: id must match (400), rename onto a taken name is 409, absent schema keeps the document and the url never changes', async () => {
    const { base } = await draft();
    const [a] = await newDefinitions(client(), base, definitionBody('a'), definitionBody('b'));
    assert.ok(a !== undefined);
    assert.equal((await client().put(`${base}/definitions/a`, { ...a, id: newUlid() })).status, 400);
    assert.equal((await client().put(`${base}/definitions/a`, { id: a.id, name: 'b', accept: a.accept })).status, 409);
    const renamed = await client().put(`${base}/definitions/a`, { id: a.id, name: 'a2', accept: ['text/plain'], schema: { contentType: 'text/plain', content: 'x' } });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(Definition.parse(renamed.body).url, a.url);
    assert.equal((await client().get(`${base}/definitions/a`)).status, 404);
  });

  it('updates: a new schema recomputes the references, #/$defs may name any definition of the version', async () => {
    const { base } = await draft();
    const [leaf, tree] = await newDefinitions(client(), base, definitionBody('leaf'), definitionBody('tree', { schema: jsonSchema({ $ref: '#/$defs/leaf' }) }));
    assert.ok(leaf !== undefined && tree !== undefined);
    const unlinked = await client().put(`${base}/definitions/tree`, { id: tree.id, name: 'tree', accept: tree.accept, schema: jsonSchema({ type: 'string' }) });
    assert.equal(unlinked.status, 200, unlinked.text);
    assert.equal('referencedBy' in obj((await client().get(`${base}/definitions/leaf`)).body), false);
    const relinked = await client().put(`${base}/definitions/leaf`, { id: leaf.id, name: 'leaf', accept: leaf.accept, schema: jsonSchema({ $ref: '#/$defs/tree' }) });
    assert.equal(relinked.status, 200, relinked.text);
    assert.deepEqual(Definition.parse((await client().get(`${base}/definitions/tree`)).body).referencedBy, [{ type: 'definition', id: leaf.id, name: 'leaf' }]);
  });

  it('an accept change that makes a link set share a media type is 400', async () => {
    const { base } = await draft();
    await newDefinitions(client(), base, definitionBody('j'), definitionBody('t', { accept: ['text/plain'] }));
    await newAction(client(), base, actionBody('both', { responses: [{ id: 1, status: 200, definitions: [{ definition: { name: 'j' } }, { definition: { name: 't' } }] }] }));
    const t = Definition.parse((await client().get(`${base}/definitions/t`)).body);
    const res = await client().put(`${base}/definitions/t`, { id: t.id, name: 't', accept: ['application/json'] });
    assert.equal(res.status, 400);
    assert.deepEqual(fieldNames(res.body), ['accept']);
  });

  it('delete: 412 with the definition while referenced; force overrides definition references only, and the dangling one blocks publishing', async () => {
    const { connectorId, base } = await draft();
    await newDefinitions(client(), base, definitionBody('leaf'), definitionBody('op-leaf'));
    await newDefinitions(client(), base, definitionBody('tree', { schema: jsonSchema({ $ref: '#/$defs/leaf' }) }));
    await newAction(client(), base, actionBody('uses', { responses: [{ id: 1, status: 200, definitions: [{ definition: { name: 'op-leaf' } }] }] }));
    const refused = await client().delete(`${base}/definitions/leaf`);
    assert.equal(refused.status, 412);
    const body = DefinitionDeletePreconditionFailed.parse(refused.body);
    assert.deepEqual(body.definition.referencedBy.map((r) => [r.type, r.name]), [['definition', 'tree']]);
    const byAction = await client().delete(`${base}/definitions/op-leaf`, { query: { force: 'true' } });
    assert.equal(byAction.status, 412, 'force does not override an action reference');
    assert.equal((await client().delete(`${base}/definitions/leaf`, { query: { force: 'true' } })).status, 204);
    const blocked = await client().post(`${base}/publish`, undefined);
    assert.equal(blocked.status, 400);
    assert.deepEqual(fieldNames(blocked.body), ['definitions.tree']);
    assert.equal((await client().delete(`${base}/definitions/tree`)).status, 204);
    await publish(client(), connectorId, '1.0');
  });

  it('bulk delete: 400 for an empty body, all with names, or one selected twice; unknown names are ignored; references from inside the selection do not count', async () => {
    const { base } = await draft();
    const [leaf] = await newDefinitions(client(), base, definitionBody('leaf'));
    await newDefinitions(client(), base, definitionBody('tree', { schema: jsonSchema({ $ref: '#/$defs/leaf' }) }));
    for (const body of [{}, { all: true, names: ['leaf'] }, { ids: [leaf?.id], names: ['leaf'] }]) {
      assert.equal((await client().request('DELETE', `${base}/definitions`, body)).status, 400, JSON.stringify(body));
    }
    assert.equal((await client().request('DELETE', `${base}/definitions`, { names: ['nothing'] })).status, 204);
    const refused = await client().request('DELETE', `${base}/definitions`, { names: ['leaf'] });
    assert.equal(refused.status, 412);
    assert.equal(DefinitionDeletePreconditionFailed.parse(refused.body).definition.name, 'leaf');
    assert.equal((await client().request('DELETE', `${base}/definitions`, { names: ['leaf', 'tree'] })).status, 204);
    assert.equal(DefinitionPage.parse((await client().get(`${base}/definitions`)).body).totalCount, 0);
  });

  it('lists with a case-insensitive name filter; writes to a published version are 409, before the body is read', async () => {
    const { connectorId, base } = await draft();
    await newDefinitions(client(), base, definitionBody('Order'), definitionBody('orderLine'), definitionBody('user'));
    const page = DefinitionPage.parse((await client().get(`${base}/definitions`, { query: { name: 'ORDER' } })).body);
    assert.deepEqual(page.definitions.map((d) => d.name).sort(), ['Order', 'orderLine']);
    await publish(client(), connectorId, '1.0');
    const frozen = await client().post(`${base}/definitions`, { not: 'valid' });
    assert.equal(frozen.status, 409);
    ApiErrorBody.parse(frozen.body);
    assert.equal((await client().delete(`${base}/definitions/user`, { query: { force: 'true' } })).status, 409);
  });
});
