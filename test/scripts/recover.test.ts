import { strict as assert } from 'node:assert';
import { ulid } from 'ulid';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { VersoriClient } from '../../provider/client';
import type { VersionAddress } from '../../provider/version-endpoints';
import { findCreated } from '../../scripts/recover';

const TYPE = 'pulumi-nodejs:dynamic/versori:';
const JSON_SCHEMA = { contentType: 'application/schema+json', content: '{"type":"object"}' };

/** A pending create as `pulumi stack export` shows it (the engine records the checked inputs and the provider). */
function pending(kind: string, name: string, inputs: Record<string, unknown>) {
  return { urn: `urn:pulumi:dev::p::${TYPE}${kind}::${name}`, type: `${TYPE}${kind}`, inputs: { __provider: 'serialized', ...inputs } };
}

describe('scripts/recover', () => {
  let emulator: RunningEmulator;
  let client: VersoriClient;

  before(async () => {
    emulator = await startEmulator({ port: 0 });
    client = new VersoriClient({ token: emulator.token, organisationId: emulator.organisationId, baseUrl: emulator.baseUrl });
  });
  after(() => emulator.close());

  const newConnector = async () =>
    (await client.createHttpConnector({ name: `c-${ulid()}`, baseUrl: 'https://c.example.com', authSchemeConfigs: [], connections: [] }, 'Connector')).id;
  /** A new connector with a draft version "1.0.0". */
  const newVersion = async (): Promise<VersionAddress> => {
    const connectorId = await newConnector();
    await client.versions.createVersion(connectorId, { name: '1.0.0' }, 'ConnectorVersion');
    return { connectorId, versionName: '1.0.0' };
  };

  it('names the adoption the provider supports when several connectors could be the pending one', async () => {
    const body = { name: 'twin', baseUrl: 'https://twin.example.com', authSchemeConfigs: [], connections: [] };
    const first = await client.createHttpConnector(body, 'Connector "twin"');
    const second = await client.createHttpConnector(body, 'Connector "twin"');
    const found = await findCreated(client, pending('Connector', 'twin', { name: 'twin', baseUrl: 'https://twin.example.com' }), []);
    assert.equal(found.id, undefined);
    assert.match(found.note, new RegExp(`${first.id}.*${second.id}|${second.id}.*${first.id}`));
    assert.match(found.note, /set `adoptId` \(or the `import` option\)/);
    assert.doesNotMatch(found.note, /--import-pending-creates/);
  });

  it('finds the one connector of that name, protocol and base URL outside the state', async () => {
    const name = `solo-${ulid()}`;
    const made = await client.createHttpConnector({ name, baseUrl: 'https://solo.example.com', authSchemeConfigs: [], connections: [] }, 'Connector');
    await client.createHttpConnector({ name, baseUrl: 'https://other.example.com', authSchemeConfigs: [], connections: [] }, 'Connector');
    const found = await findCreated(client, pending('Connector', 'solo', { name, baseUrl: 'https://solo.example.com' }), []);
    assert.equal(found.id, made.id, found.note);
  });

  describe('ConnectorVersion (id <connectorId>/<name>)', () => {
    const of = (connectorId: string, name: string) => pending('ConnectorVersion', 'v', { connectorId, name, description: 'd' });

    it('a version of that name on that connector is imported', async () => {
      const at = await newVersion();
      const found = await findCreated(client, of(at.connectorId, '1.0.0'), []);
      assert.equal(found.id, `${at.connectorId}/1.0.0`, found.note);
      assert.match(found.note, /version "1\.0\.0" of connector \w+ \(draft\)/);
    });

    it('no version of that name: cleared, saying so', async () => {
      const at = await newVersion();
      const found = await findCreated(client, of(at.connectorId, '2.0.0'), []);
      assert.equal(found.id, undefined);
      assert.equal(found.note, `connector ${at.connectorId} has no version "2.0.0"`);
    });

    it('no such connector: cleared, saying so', async () => {
      const connectorId = ulid();
      const found = await findCreated(client, of(connectorId, '1.0.0'), []);
      assert.deepEqual([found.id, found.note], [undefined, `connector ${connectorId} does not exist`]);
    });

    it('a version the state already holds under another resource is not imported', async () => {
      const at = await newVersion();
      const held = { urn: `urn:pulumi:dev::p::${TYPE}ConnectorVersion::other`, type: `${TYPE}ConnectorVersion`, id: `${at.connectorId}/1.0.0` };
      const found = await findCreated(client, of(at.connectorId, '1.0.0'), [held]);
      assert.equal(found.id, undefined);
      assert.match(found.note, /is already in the state as urn:pulumi:dev::p::pulumi-nodejs:dynamic\/versori:ConnectorVersion::other$/);
    });
  });

  describe('ConnectorVersionPublication (id <connectorId>/<versionName>)', () => {
    const of = (at: VersionAddress) => pending('ConnectorVersionPublication', 'pub', { ...at, isDefault: true });

    it('a published version is the publication made: imported', async () => {
      const at = await newVersion();
      await client.versions.publish(at, 'publish');
      const found = await findCreated(client, of(at), []);
      assert.equal(found.id, `${at.connectorId}/1.0.0`, found.note);
      assert.match(found.note, /published at \d{4}-/);
    });

    it('a draft version: nothing was published, cleared', async () => {
      const at = await newVersion();
      const found = await findCreated(client, of(at), []);
      assert.deepEqual([found.id, found.note], [undefined, `version "1.0.0" of connector ${at.connectorId} is not published`]);
    });

    it('a missing version or connector: cleared, saying which', async () => {
      const at = await newVersion();
      const noVersion = await findCreated(client, of({ ...at, versionName: '9.9.9' }), []);
      assert.deepEqual([noVersion.id, noVersion.note], [undefined, `connector ${at.connectorId} has no version "9.9.9"`]);
      const connectorId = ulid();
      const noConnector = await findCreated(client, of({ connectorId, versionName: '1.0.0' }), []);
      assert.deepEqual([noConnector.id, noConnector.note], [undefined, `connector ${connectorId} does not exist`]);
    });
  });

  describe('Definition, Action, Trigger (id <connectorId>/<versionName>/<name>)', () => {
    interface Child {
      kind: string;
      noun: string;
      inputs: Record<string, unknown>;
      create(at: VersionAddress, inputs: Record<string, unknown>): Promise<unknown>;
    }
    const responses = (definitions: string[]) => [{ status: 200, definitions }];
    const links = (definitions: string[]) => [{ id: ulid(), status: 200, definitions: definitions.map((name) => ({ definition: { name } })) }];
    const children: Child[] = [
      {
        kind: 'Definition',
        noun: 'definition',
        inputs: { name: 'order', accept: ['application/json'], description: 'An order', schema: JSON_SCHEMA },
        create: (at, i) => client.versions.createDefinitions(at, { definitions: [{ name: 'order', accept: i.accept as string[], description: i.description as string, schema: JSON_SCHEMA }] }, 'd'),
      },
      {
        kind: 'Action',
        noun: 'action',
        inputs: { name: 'get-product', method: 'GET', path: '/products/{{ param.id }}', parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }], responses: responses(['product']) },
        create: (at, i) =>
          client.versions.actions.create(at, { type: 'http', name: 'get-product', method: 'GET', path: i.path as string, parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }], responses: links(['product']) }, 'a'),
      },
      {
        kind: 'Trigger',
        noun: 'trigger',
        inputs: { name: 'order-created', summary: 'An order was created', method: 'POST', responses: responses([]) },
        create: (at, i) =>
          client.versions.triggers.create(at, { type: 'http', name: 'order-created', summary: i.summary as string, method: 'POST', parameters: [], responses: links([]) }, 't'),
      },
    ];
    /** A version holding the definition every child's links name. */
    const versionWithProduct = async () => {
      const at = await newVersion();
      await client.versions.createDefinitions(at, { definitions: [{ name: 'product', accept: ['application/json'], schema: JSON_SCHEMA }] }, 'd');
      return at;
    };

    for (const child of children) {
      const name = String(child.inputs.name);
      const of = (at: VersionAddress, inputs = child.inputs) => pending(child.kind, name, { ...at, ...inputs });

      it(`${child.kind}: the one of that name in that version, as declared, is imported`, async () => {
        const at = await versionWithProduct();
        await child.create(at, child.inputs);
        const found = await findCreated(client, of(at), []);
        assert.equal(found.id, `${at.connectorId}/1.0.0/${name}`, found.note);
        assert.equal(found.note, `${child.noun} "${name}" in version "1.0.0" of connector ${at.connectorId}`);
      });

      it(`${child.kind}: none of that name in the version: cleared, saying so`, async () => {
        const at = await versionWithProduct();
        const found = await findCreated(client, of(at), []);
        assert.deepEqual([found.id, found.note], [undefined, `version "1.0.0" of connector ${at.connectorId} has no ${child.noun} "${name}"`]);
      });

      it(`${child.kind}: one of that name that differs from the inputs is not taken for the created one`, async () => {
        const at = await versionWithProduct();
        await child.create(at, child.inputs);
        const declared = child.kind === 'Action' ? { ...child.inputs, path: '/elsewhere' } : { ...child.inputs, description: 'something else' };
        const found = await findCreated(client, of(at, declared), []);
        assert.equal(found.id, undefined);
        assert.match(found.note, /differs from the pending inputs, so it is not what the create made; set `adopt: true` \(or the `import` option\)/);
      });

      it(`${child.kind}: a missing version or connector: cleared, saying which`, async () => {
        const at = await versionWithProduct();
        const noVersion = await findCreated(client, of({ ...at, versionName: '2.0.0' }), []);
        assert.deepEqual([noVersion.id, noVersion.note], [undefined, `connector ${at.connectorId} has no version "2.0.0"`]);
        const connectorId = ulid();
        const noConnector = await findCreated(client, of({ connectorId, versionName: '1.0.0' }), []);
        assert.deepEqual([noConnector.id, noConnector.note], [undefined, `connector ${connectorId} does not exist`]);
      });
    }
  });

  it('a resource of another provider is cleared', async () => {
    const found = await findCreated(client, { urn: 'urn:pulumi:dev::p::random:index/randomId:RandomId::x', type: 'random:index/randomId:RandomId', inputs: {} }, []);
    assert.deepEqual([found.id, found.note], [undefined, 'not a Versori resource: cleared']);
  });
});
