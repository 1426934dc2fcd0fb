import { strict as assert } from 'node:assert';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { VersoriClient } from '../../provider/client';
import { platformCounts } from '../../scripts/platform';

describe('scripts/platform', () => {
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  after(() => emulator.close());

  it('counts every connector across pages, through faults, with the provider client', async () => {
    const client = new VersoriClient({ token: emulator.token, organisationId: emulator.organisationId, baseUrl: emulator.baseUrl });
    for (let i = 0; i < 105; i++) {
      await client.createHttpConnector({ name: `c${i}`, baseUrl: 'https://a.example.com', authSchemeConfigs: [], connections: [] }, 'c');
    }
    emulator.setFaults({ seed: 7, errorRate: 0.3, statuses: [429, 503], retryAfterSeconds: 0 });
    const counts = await platformCounts({ token: emulator.token, organisationId: emulator.organisationId, baseUrl: emulator.baseUrl });
    emulator.setFaults(null);
    assert.deepEqual(counts, { connectors: 105, authSchemeConfigs: 0, connections: 0 });
  });
});
