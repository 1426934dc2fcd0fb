import { strict as assert } from 'node:assert';
import { ulid } from 'ulid';
import { DefinitionComputed, definitionFields } from '../../provider/definition/inputs';
import type { VersionAddress } from '../../provider/version-endpoints';
import { assertDocumented } from '../support/docs';
import { createResource, expectRejection, Harness, providers, updateResource } from '../support/provider-harness';
import { definitionInputs, JSON_SCHEMA, sentOperations, useDraftVersion, Versions } from '../support/version-harness';
import { assertRefreshRecovers, assertUpdateRefused, type OldStateCase } from '../support/old-state';

const def = providers.definition;
const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

describe('provider/definition', () => {
  const suite = useDraftVersion();
  let h: Harness;
  let v: Versions;
  let at: VersionAddress;
  beforeEach(() => ({ h, v, at } = suite()));

  it("docs/resources.md's input table lists every declared input, with its replace rule", () => {
    assertDocumented('Definition', definitionFields);
  });

  describe('check', () => {
    it('names the field the API would refuse: the name, the media types, JSON Schema text that is not JSON, a reserved version name', async () => {
      const result = await def.check({}, {
        ...definitionInputs(at, 'bad name', { accept: [] }),
        versionName: 'latest',
        schema: { contentType: `${JSON_SCHEMA}; charset=utf-8`, content: '{"type":' },
      });
      assert.deepEqual(result.failures?.map((f) => f.property).sort(), ['accept', 'name', 'schema.content', 'versionName']);
      assert.match(result.failures?.find((f) => f.property === 'schema.content')?.reason ?? '', /must be JSON, as contentType is application\/schema\+json/);
      assert.equal(h.requestCount(), 0);
    });

    it('takes other schema text unparsed, and values not known yet', async () => {
      const yaml = await def.check({}, definitionInputs(at, 'y', { schema: { contentType: ' application/schema+yaml ', content: 'type: [' } }));
      assert.deepEqual(yaml.failures, []);
      assert.deepEqual(yaml.inputs?.schema, { contentType: ' application/schema+yaml ', content: 'type: [' }, 'the content type as written');
      const blank = await def.check({}, definitionInputs(at, 'y', { schema: { contentType: ' ', content: '' } }));
      assert.deepEqual(blank.failures?.map((f) => f.property), ['schema.contentType']);
      const unknown = await def.check({}, { ...definitionInputs(at, 'u'), connectorId: UNKNOWN, versionName: UNKNOWN, schema: { contentType: JSON_SCHEMA, content: UNKNOWN } });
      assert.deepEqual(unknown.failures, []);
    });
  });

  describe('diff', () => {
    it('replaces on connector, version or name; updates accept, description and schema in place', async () => {
      const olds = { ...definitionInputs(at, 'product'), definitionId: ulid(), url: 'https://x.example.com/a.json' };
      for (const [key, value] of [['connectorId', ulid()], ['versionName', '2.0.0'], ['name', 'item']] as const) {
        const diff = await def.diff('id', olds, { ...olds, [key]: value });
        assert.deepEqual(diff.replaces, [key]);
        assert.equal(diff.deleteBeforeReplace, false);
      }
      const inPlace = await def.diff('id', olds, { ...definitionInputs(at, 'product'), accept: ['text/yaml'], description: 'd' });
      assert.deepEqual(inPlace.replaces, []);
      assert.deepEqual(Object.keys(inPlace.detailedDiff).sort(), ['accept', 'description']);
    });

    it('compares the schema with the one last applied; the computed outputs never make a diff', async () => {
      const olds = { ...definitionInputs(at, 'product'), definitionId: ulid(), url: 'https://x.example.com/a.json' };
      assert.equal((await def.diff('id', olds, definitionInputs(at, 'product'))).changes, false);
      const changed = await def.diff('id', olds, definitionInputs(at, 'product', { schema: { contentType: JSON_SCHEMA, content: '{}' } }));
      assert.deepEqual(changed.detailedDiff, { schema: 'update' });
      assert.equal((await def.diff('id', olds, { ...definitionInputs(at, 'product'), description: '' })).changes, false, 'absent description = ""');
    });
  });

  describe('lifecycle', () => {
    it('creates with one request, under id <connectorId>/<versionName>/<name>, with the id and url as outputs', async () => {
      const created = await createResource('definition', definitionInputs(at, 'product', { description: 'A product' }));
      assert.equal(h.requestCount(), 1);
      assert.equal(created.id, `${at.connectorId}/1.0.0/product`);
      const held = await v.client.versions.getDefinition(at, 'product', 'd');
      assert.equal(created.outs.definitionId, held.id);
      assert.equal(created.outs.url, held.url);
      assert.equal(held.description, 'A product');
      assert.deepEqual(created.outs.schema, { contentType: JSON_SCHEMA, content: '{"type":"object"}' });
    });

    it('updates accept and description with one PUT, the schema only when it changed', async () => {
      const created = await createResource('definition', definitionInputs(at, 'product'));
      h.resetRequests();
      const updated = await updateResource('definition', created.id, created, definitionInputs(at, 'product', { accept: ['application/json', 'text/yaml'], description: 'two types' }));
      assert.deepEqual(Object.keys(updated.diff.detailedDiff).sort(), ['accept', 'description']);
      assert.equal(h.requestCount(), 1);
      const held = await v.client.versions.getDefinition(at, 'product', 'd');
      assert.deepEqual(held.accept, ['application/json', 'text/yaml']);
      assert.equal(held.description, 'two types');
      // A schema naming another definition by `#/$defs/<name>` links it: seen in that one's referencedBy.
      await createResource('definition', definitionInputs(at, 'price'));
      h.resetRequests();
      const refSchema = { contentType: JSON_SCHEMA, content: JSON.stringify({ properties: { price: { $ref: '#/$defs/price' } } }) };
      const again = await updateResource('definition', created.id, updated, { ...updated.inputs, schema: refSchema });
      assert.deepEqual(again.diff.detailedDiff, { schema: 'update' });
      assert.equal(h.requestCount(), 1);
      assert.deepEqual((await v.client.versions.getDefinition(at, 'price', 'd')).referencedBy?.map((r) => r.name), ['product']);
      assert.deepEqual(again.outs.schema, refSchema);
    });

    it('refresh records drift of accept and description, keeps the schema applied, and sees a deletion', async () => {
      const created = await createResource('definition', definitionInputs(at, 'product', { description: 'mine' }));
      const same = await def.read(created.id, created.outs);
      assert.equal((await def.diff(created.id, same.props ?? {}, created.inputs)).changes, false);
      const held = await v.client.versions.getDefinition(at, 'product', 'd');
      await v.client.versions.updateDefinition(at, 'product', { id: held.id, name: 'product', accept: ['text/csv'] }, 'd');
      h.resetRequests();
      const drifted = await def.read(created.id, created.outs);
      assert.equal(h.requestCount(), 1);
      assert.deepEqual(drifted.inputs?.accept, ['text/csv']);
      assert.equal(drifted.inputs?.description, undefined);
      assert.deepEqual(drifted.inputs?.schema, created.inputs.schema, 'the schema cannot be read: the applied one is kept');
      const diff = await def.diff(created.id, drifted.props ?? {}, created.inputs);
      assert.deepEqual(Object.keys(diff.detailedDiff).sort(), ['accept', 'description']);
      await v.client.versions.deleteDefinition(at, 'product', false, 'd');
      assert.equal((await def.read(created.id, created.outs)).id, '');
    });

    it('deletes with one request, and counts one already gone as deleted', async () => {
      const created = await createResource('definition', definitionInputs(at, 'product'));
      h.resetRequests();
      await def.delete(created.id, created.outs);
      assert.equal(h.requestCount(), 1);
      await expectRejection(v.client.versions.getDefinition(at, 'product', 'd'), /not found/);
      await def.delete(created.id, created.outs);
    });

    it('refuses to delete a definition an action links, naming the action and saying to unlink it first', async () => {
      const created = await createResource('definition', definitionInputs(at, 'product'));
      await v.client.versions.actions.create(at, {
        type: 'http', name: 'get-product', method: 'GET', path: '/p', parameters: [],
        responses: [{ id: ulid(), status: 200, definitions: [{ definition: { name: 'product' } }] }],
      }, 'a');
      const error = await expectRejection(def.delete(created.id, created.outs), /still referenced by action "get-product" \(412\)/);
      assert.match(error.message, /Unlink it first/);
      assert.match(error.message, /Forcing does not help/);
      await v.client.versions.getDefinition(at, 'product', 'd');
    });
  });

  describe('adoption (adopt, what the import option sets)', () => {
    type Schema = { contentType: string; content: string };
    /** A definition made outside Pulumi, as definitionInputs declares it (or with `schema`). */
    async function outside(name: string, schema?: Schema): Promise<string> {
      const declared = definitionInputs(at, name) as { accept: string[]; schema: Schema };
      const [made] = await v.client.versions.createDefinitions(at, { definitions: [{ name, accept: declared.accept, schema: schema ?? declared.schema }] }, 'd');
      h.resetRequests();
      return made.id;
    }

    /** The document text the emulator stores for a definition of the version (GetRawSchema serves JSON serialised again). */
    async function storedContent(name: string): Promise<string> {
      const res = await fetch(`${h.emulator.origin}/_emulator/store`, { headers: { Authorization: `Bearer ${h.emulator.token}` } });
      type Stored = { versions?: Array<{ name: string; definitions: Array<{ name: string; schema: { content: string } }> }> };
      const store = (await res.json()) as { organisations: Record<string, { connectors: Record<string, Stored> }> };
      const connector = store.organisations[h.emulator.organisationId].connectors[at.connectorId];
      const version = connector?.versions?.find((x) => x.name === at.versionName);
      const definition = version?.definitions.find((d) => d.name === name);
      assert.ok(definition, `definition ${name} in the store`);
      return definition.schema.content;
    }

    it('adopts an identical definition with reads only, no PUT: the schema compared as GetRawSchema serves it', async () => {
      await outside('price');
      const definitionId = await outside('product', { contentType: JSON_SCHEMA, content: '{"properties":{"price":{"$ref":"#/$defs/price"}}}' });
      const schema = { contentType: JSON_SCHEMA, content: '{ "properties": { "price": { "$ref": "#/$defs/price" } } }' };
      const adopted = await createResource('definition', definitionInputs(at, 'product', { schema, adopt: true }));
      assert.deepEqual(sentOperations(h), ['GetDefinition', 'GetRawSchema', 'GetDefinition'], 'the reference named by #/$defs/price is read for its url');
      assert.deepEqual([adopted.id, adopted.outs.definitionId, adopted.outs.schema], [`${at.connectorId}/1.0.0/product`, definitionId, schema]);
      assert.equal((await def.diff(adopted.id, adopted.outs, definitionInputs(at, 'product', { schema }))).changes, false);
      const yaml = { contentType: 'application/schema+yaml', content: 'type: object\n' };
      await outside('item', yaml);
      await createResource('definition', definitionInputs(at, 'item', { schema: yaml, adopt: true }));
      assert.deepEqual(sentOperations(h), ['GetDefinition', 'GetRawSchema']);
    });

    it('sends one PUT carrying the declared schema when the document differs', async () => {
      const definitionId = await outside('product');
      const schema = { contentType: JSON_SCHEMA, content: '{"type":"object","required":["id"]}' };
      const adopted = await createResource('definition', definitionInputs(at, 'product', { schema, adopt: true }));
      assert.deepEqual(sentOperations(h), ['GetDefinition', 'GetRawSchema', 'UpdateDefinition']);
      assert.equal(adopted.outs.definitionId, definitionId);
      assert.equal(await storedContent('product'), schema.content);
      await outside('item', { contentType: 'application/schema+yaml', content: 'type: object\n' });
      await createResource('definition', definitionInputs(at, 'item', { schema: { contentType: 'application/schema+yaml', content: 'type: object\n\n' }, adopt: true }));
      assert.deepEqual(sentOperations(h), ['GetDefinition', 'GetRawSchema', 'UpdateDefinition'], 'other text is compared byte for byte');
    });

    it('brings different media types and description to the declared ones with that one PUT, without the schema it holds', async () => {
      await outside('product', { contentType: JSON_SCHEMA, content: '{"type":"object"}' });
      const spaced = { contentType: JSON_SCHEMA, content: '{ "type": "object" }' };
      await createResource('definition', definitionInputs(at, 'product', { accept: ['application/xml'], description: 'd', schema: spaced, adopt: true }));
      assert.deepEqual(sentOperations(h), ['GetDefinition', 'GetRawSchema', 'UpdateDefinition']);
      const held = await v.client.versions.getDefinition(at, 'product', 'd');
      assert.deepEqual([held.accept, held.description], [['application/xml'], 'd']);
      assert.equal(await storedContent('product'), '{"type":"object"}', 'the document it held was not sent again');
    });

    it('in a published version, adopts an identical one as it is and refuses one that differs, in its schema too', async () => {
      await outside('product');
      await v.publish(at);
      h.resetRequests();
      const adopted = await createResource('definition', definitionInputs(at, 'product', { adopt: true }));
      assert.deepEqual(sentOperations(h), ['GetDefinition', 'GetRawSchema']);
      assert.equal(typeof adopted.outs.url, 'string');
      assert.doesNotMatch(h.requests.join('\n'), /warning/);
      for (const extra of [{ description: 'late' }, { schema: { contentType: JSON_SCHEMA, content: '{"type":"string"}' } }]) {
        const error = await expectRejection(
          createResource('definition', definitionInputs(at, 'product', { ...extra, adopt: true })),
          /Definition "product" cannot be adopted as declared: version "1\.0\.0" of connector \w+ is published/,
        );
        assert.match(error.message, /change the ConnectorVersion's name/);
      }
      assert.equal((await v.client.versions.getDefinition(at, 'product', 'd')).description, undefined);
    });

    it('says there is nothing to adopt when the version has no definition of that name', async () => {
      await expectRejection(
        createResource('definition', definitionInputs(at, 'nope', { adopt: true })),
        new RegExp(`Definition "nope": there is no definition "nope" in version "1\\.0\\.0" of connector ${at.connectorId} to adopt`),
      );
      assert.deepEqual(sentOperations(h), ['GetDefinition']);
    });
  });

  describe('in a published version', () => {
    it('refuses a change with a sentence naming the two ways out, and never unpublishes', async () => {
      const created = await createResource('definition', definitionInputs(at, 'product'));
      await v.publish(at);
      const news = definitionInputs(at, 'product', { description: 'late' });
      const error = await expectRejection(def.update(created.id, created.outs, news), /cannot be changed: version "1\.0\.0" of connector \w+ is published/);
      assert.match(error.message, /change the ConnectorVersion's name/);
      assert.match(error.message, /remove the version's publication .* in one `pulumi up`, and make this change in the next/);
      await expectRejection(createResource('definition', definitionInputs(at, 'order')), /Definition "order" cannot be created: .* is published/);
      assert.notEqual((await v.client.versions.getVersion(at, 'v')).publishedAt, null);
    });

    it('refuses to delete a definition of a published version, saying why, and leaves it (and the state) as they are', async () => {
      const created = await createResource('definition', definitionInputs(at, 'product'));
      await v.publish(at);
      const error = await expectRejection(def.delete(created.id, created.outs), /Definition "product" cannot be deleted: version "1\.0\.0" of connector \w+ is published/);
      assert.match(error.message, /never unpublishes a version by itself/);
      assert.equal((await v.client.versions.getDefinition(at, 'product', 'd')).name, 'product');
    });
  });

  it('a state another release wrote: an update names the computed output it lacks (or holds of another type) and sends nothing; a refresh restores it', async () => {
    const created = await createResource('definition', definitionInputs(at, 'product'));
    const c: OldStateCase = {
      kind: 'definition',
      kindName: 'Definition',
      computed: DefinitionComputed,
      id: created.id,
      outs: created.outs,
      news: definitionInputs(at, 'product', { description: 'described anew' }),
      wrongTypes: { definitionId: 3, url: null },
    };
    await assertUpdateRefused(h, c);
    await assertRefreshRecovers(h, c);
  });
});
