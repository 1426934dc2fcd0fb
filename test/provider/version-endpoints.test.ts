import { strict as assert } from 'node:assert';
import { ulid } from 'ulid';
import { VersoriApiError, VersoriClient } from '../../provider/client';
import type { VersionAddress } from '../../provider/version-endpoints';
import { expectRejection, Harness, startHarness } from '../support/provider-harness';
import { JSON_SCHEMA, newConnectorId, outsideClient } from '../support/version-harness';

async function apiError(promise: Promise<unknown>, pattern: RegExp): Promise<VersoriApiError> {
  const error = await expectRejection(promise, pattern);
  assert.ok(error instanceof VersoriApiError);
  return error;
}

describe('provider/version-endpoints', () => {
  let h: Harness;
  let client: VersoriClient;
  let at: VersionAddress;
  before(async () => {
    h = await startHarness();
    client = outsideClient(h);
  });
  after(async () => {
    await h.stop();
  });
  beforeEach(async () => {
    const connectorId = await newConnectorId(client);
    const version = await client.versions.createVersion(connectorId, { name: '1.0.0' }, 'ConnectorVersion "1.0.0"');
    assert.equal(version.publishedAt, null);
    at = { connectorId, versionName: version.name };
  });

  const product = { name: 'product', accept: ['application/json'], schema: { contentType: JSON_SCHEMA, content: '{"type":"object"}' } };
  const getProduct = (definitionName: string) => ({
    type: 'http' as const,
    name: 'get-product',
    method: 'GET' as const,
    path: '/products/{{ param.id }}',
    parameters: [{ name: 'id', in: 'path' as const, required: true, type: 'string' as const }],
    responses: [{ id: ulid(), status: 200, definitions: [{ definition: { name: definitionName } }] }],
  });

  it('creates definitions and an action linking one, then names the action when the definition is deleted (412)', async () => {
    const [definition] = await client.versions.createDefinitions(at, { definitions: [product] }, 'Definition "product"');
    const action = await client.versions.actions.create(at, getProduct('product'), 'Action "get-product"');
    assert.deepEqual(action.errors, []);
    assert.equal(action.responses[0].definitions[0].definition.id, definition.id);
    const error = await apiError(client.versions.deleteDefinition(at, 'product', true, 'Definition "product"'), /\(412\)/);
    assert.equal(error.status, 412);
    assert.deepEqual(error.referencedBy, [{ type: 'action', id: action.id, name: 'get-product' }]);
    assert.match(error.message, /still referenced by action "get-product"/);
  });

  it('updates a trigger as a whole object and publishes, after which children are frozen (409)', async () => {
    await client.versions.createDefinitions(at, { definitions: [product] }, 'Definition "product"');
    const { path: _path, parameters: _parameters, ...rest } = getProduct('product');
    const trigger = await client.versions.triggers.create(at, { ...rest, name: 'on-order', parameters: [] }, 'Trigger "on-order"');
    const updated = await client.versions.triggers.update(at, 'on-order', { ...trigger, summary: 'On order' }, 'Trigger "on-order"');
    assert.equal(updated.summary, 'On order');
    const published = await client.versions.publish(at, 'ConnectorVersion "1.0.0"');
    assert.notEqual(published.publishedAt, null);
    const frozen = await apiError(client.versions.triggers.remove(at, 'on-order', 'Trigger "on-order"'), /\(409\)/);
    assert.equal(frozen.status, 409);
    const isDefault = await client.versions.updateVersion(at, { ...published, isDefault: true }, 'ConnectorVersion "1.0.0"');
    assert.equal(isDefault.isDefault, true);
    assert.equal((await client.versions.unpublish(at, 'ConnectorVersion "1.0.0"')).publishedAt, null);
    await client.versions.deleteVersion(at, false, 'ConnectorVersion "1.0.0"');
    assert.equal((await apiError(client.versions.getVersion(at, 'ConnectorVersion "1.0.0"'), /not found/)).status, 404);
  });

  it('reads a raw schema by the last segment of its url: its text as served and its content type; an unknown file is a 404 with the API message', async () => {
    const yaml = 'type: object\n  # kept as written\n';
    const [price, item] = await client.versions.createDefinitions(
      at,
      {
        definitions: [
          { ...product, name: 'price' },
          { name: 'item', accept: ['text/yaml'], schema: { contentType: 'application/schema+yaml; charset=utf-8', content: yaml } },
          { ...product, schema: { contentType: JSON_SCHEMA, content: '{ "$ref": "#/$defs/price" }' } },
        ],
      },
      'Definitions',
    );
    const fileOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
    assert.deepEqual(await client.versions.getRawSchema(at, fileOf(item.url), 'Definition "item"'), {
      contentType: 'application/schema+yaml; charset=utf-8',
      content: yaml,
    });
    const productUrl = (await client.versions.getDefinition(at, 'product', 'Definition "product"')).url;
    const json = await client.versions.getRawSchema(at, fileOf(productUrl), 'Definition "product"');
    assert.deepEqual(json, { contentType: JSON_SCHEMA, content: JSON.stringify({ $ref: price.url }) }, 'the text itself, not parsed');
    const missing = await apiError(client.versions.getRawSchema(at, `${ulid()}.json`, 'Definition "x"'), /\(404\)/);
    assert.equal(missing.operation, 'GetRawSchema');
    assert.match(missing.apiMessage, /schema file/);
  });

  it('replaces categories, refusing a category outside the enum with the field named', async () => {
    await client.versions.updateCategories(at.connectorId, ['CRM'], 'Connector "c"');
    const error = await apiError(client.versions.updateCategories(at.connectorId, ['Nope' as 'CRM'], 'Connector "c"'), /\(400\)/);
    assert.equal(error.status, 400);
    assert.match(error.message, /categories/);
  });
});
