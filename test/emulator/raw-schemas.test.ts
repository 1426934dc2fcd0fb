import { strict as assert } from 'node:assert';
import { ApiErrorBody } from '../../api/schemas';
import type { Definition } from '../../api/versions';
import { newUlid, useEmulator } from './support';
import { definitionBody, jsonSchema, newConnector, newDefinitions, newVersion, publish } from './version-support';

interface RawAnswer {
  status: number;
  contentType: string | null;
  text: string;
}

describe('emulator GetRawSchema (more page §M9)', () => {
  const { client, emulator } = useEmulator();

  /** GET of a path on the emulator's origin; with `token: null`, none is sent. */
  async function rawGet(path: string, token: string | null = emulator().token, method = 'GET'): Promise<RawAnswer> {
    const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
    const res = await fetch(`${emulator().origin}${path}`, { method, headers });
    return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
  }

  const lastSegment = (url: string): string => url.slice(url.lastIndexOf('/') + 1);

  /** The GetRawSchema path of a definition, through the version name or alias `version`. */
  function rawPath(connectorId: string, version: string, definition: Definition, org = emulator().organisationId): string {
    return `${new URL(emulator().baseUrl).pathname}/o/${org}/schemas/${connectorId}/${version}/${lastSegment(definition.url)}`;
  }

  async function draft(name = '1.0'): Promise<{ connectorId: string; base: string }> {
    const connectorId = await newConnector(client());
    await newVersion(client(), connectorId, name);
    return { connectorId, base: `/connectors/${connectorId}/versions/${name}` };
  }

  it('serves a draft JSON document serialised again, with its content type, each #/$defs/<name> naming a definition shown as its url', async () => {
    const { connectorId, base } = await draft();
    const document = {
      $defs: { local: { type: 'string' } },
      properties: { price: { $ref: '#/$defs/price' }, local: { $ref: '#/$defs/local' }, other: { $ref: 'https://example.com/x.json' } },
    };
    const [price, product] = await newDefinitions(
      client(),
      base,
      definitionBody('price'),
      definitionBody('product', { schema: { contentType: 'application/schema+json; charset=utf-8', content: JSON.stringify(document, null, 2) } }),
    );
    const answer = await rawGet(rawPath(connectorId, '1.0', product));
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.contentType, 'application/schema+json; charset=utf-8');
    const plain = await rawGet(rawPath(connectorId, '1.0', price));
    assert.deepEqual([plain.contentType, plain.text], ['application/schema+json', '{"type":"object"}'], 'the content type exactly as stored');
    const served = { ...document, properties: { ...document.properties, price: { $ref: price.url } } };
    assert.equal(answer.text, JSON.stringify(served), 'serialised again: compact, the own $defs and other refs as written');
  });

  it('follows the reference recorded by id: a rename keeps the url, a new holder of the name does not take it, a forced delete leaves it as written', async () => {
    const { connectorId, base } = await draft();
    const [price, product] = await newDefinitions(client(), base, definitionBody('price'), definitionBody('product', { schema: jsonSchema({ $ref: '#/$defs/price' }) }));
    const renamed = await client().put(`${base}/definitions/price`, { id: price.id, name: 'cost', accept: ['application/json'] });
    assert.equal(renamed.status, 200, renamed.text);
    const [newPrice] = await newDefinitions(client(), base, definitionBody('price'));
    assert.notEqual(newPrice.url, price.url);
    assert.equal((await rawGet(rawPath(connectorId, '1.0', product))).text, JSON.stringify({ $ref: price.url }));
    assert.equal((await client().delete(`${base}/definitions/cost`, { query: { force: 'true' } })).status, 204);
    assert.equal((await rawGet(rawPath(connectorId, '1.0', product))).text, JSON.stringify({ $ref: '#/$defs/price' }), 'a dangling reference stays as written');
  });

  it('serves other content types byte for byte, through a version alias too, and at the path of the url (same token)', async () => {
    const { connectorId, base } = await draft();
    const yaml = 'type: object\nproperties:\n  id: { $ref: "#/$defs/x" }\n';
    const [def] = await newDefinitions(client(), base, definitionBody('y', { accept: ['text/yaml'], schema: { contentType: 'application/schema+yaml', content: yaml } }));
    await publish(client(), connectorId, '1.0');
    for (const path of [rawPath(connectorId, '1.0', def), rawPath(connectorId, 'latest', def), new URL(def.url).pathname]) {
      const answer = await rawGet(path);
      assert.deepEqual([answer.status, answer.contentType, answer.text], [200, 'application/schema+yaml', yaml], path);
      const refused = await rawGet(path, null);
      assert.equal(refused.status, 401);
      assert.ok(ApiErrorBody.safeParse(JSON.parse(refused.text)).success);
      assert.equal((await rawGet(path, 'wrong-token')).status, 401);
    }
  });

  it('is 404 for an unknown organisation, connector, version or file, a file of another version, and anything but the last segment of a url', async () => {
    const { connectorId, base } = await draft();
    await newVersion(client(), connectorId, '2.0');
    const [def] = await newDefinitions(client(), base, definitionBody('a'));
    const file = lastSegment(def.url);
    const basePath = new URL(emulator().baseUrl).pathname;
    const paths = [
      rawPath(connectorId, '1.0', def, newUlid()),
      rawPath(newUlid(), '1.0', def),
      rawPath(connectorId, '9.9', def),
      rawPath(connectorId, '2.0', def),
      rawPath(connectorId, 'latest', def),
      `${basePath}/o/${emulator().organisationId}/schemas/${connectorId}/1.0/${def.id}`,
      `${basePath}/o/${emulator().organisationId}/schemas/${connectorId}/1.0/${def.id}.yaml`,
      `${basePath}/o/${emulator().organisationId}/schemas/${connectorId}/1.0/a`,
      `${basePath}/o/${emulator().organisationId}/schemas/${connectorId}/1.0/${newUlid()}.json`,
    ];
    for (const path of paths) {
      const answer = await rawGet(path);
      assert.equal(answer.status, 404, `${path}: ${answer.text}`);
      assert.ok(ApiErrorBody.safeParse(JSON.parse(answer.text)).success, path);
    }
    assert.equal((await rawGet(rawPath(connectorId, '1.0', def))).status, 200, `the file ${file} itself is served`);
    const post = await rawGet(rawPath(connectorId, '1.0', def), emulator().token, 'POST');
    assert.equal(post.status, 405);
  });
});
