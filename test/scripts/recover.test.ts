import { strict as assert } from 'node:assert';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { VersoriClient } from '../../provider/client';
import { findCreated } from '../../scripts/recover';

describe('scripts/recover', () => {
  let emulator: RunningEmulator;
  let client: VersoriClient;

  before(async () => {
    emulator = await startEmulator({ port: 0 });
    client = new VersoriClient({ token: emulator.token, organisationId: emulator.organisationId, baseUrl: emulator.baseUrl });
  });
  after(() => emulator.close());

  it('names the adoption the provider supports when several connectors could be the pending one', async () => {
    const body = { name: 'twin', baseUrl: 'https://twin.example.com', authSchemeConfigs: [], connections: [] };
    const first = await client.createHttpConnector(body, 'Connector "twin"');
    const second = await client.createHttpConnector(body, 'Connector "twin"');
    const pending = {
      urn: 'urn:pulumi:dev::p::pulumi-nodejs:dynamic/versori:Connector::twin',
      type: 'pulumi-nodejs:dynamic/versori:Connector',
      inputs: { name: 'twin', baseUrl: 'https://twin.example.com' },
    };
    const found = await findCreated(client, pending, []);
    assert.equal(found.id, undefined);
    assert.match(found.note, new RegExp(`${first.id}.*${second.id}|${second.id}.*${first.id}`));
    assert.match(found.note, /set `adoptId` \(or the `import` option\)/);
    assert.doesNotMatch(found.note, /--import-pending-creates/);
  });
});
