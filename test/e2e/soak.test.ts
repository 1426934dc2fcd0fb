// Soak: more than 100 resources come up through the real engine while the emulator injects errors, resets and lost
// responses; afterwards the platform holds exactly what the program declares, a fault-free preview changes nothing,
// and a destroy under the same faults empties the platform.
import { strict as assert } from 'assert';
import type { FaultConfig } from '../../emulator';
import { runPulumi } from '../../scripts/engine';
import { fleetConnectorName, fleetProgram, RESOURCES_PER_UNIT } from '../support/fleet';
import { startEngineHarness, type EngineHarness, type LoggedRequest } from '../support/engine-harness';

const UNITS = 34;
const FAULTS: FaultConfig = { seed: 20261123, errorRate: 0.2, resetRate: 0.05, dropResponseRate: 0.05 };

function faultCounts(requests: LoggedRequest[]): Record<string, number> {
  const counts: Record<string, number> = { requests: requests.length, error: 0, reset: 0, drop: 0 };
  for (const request of requests) if (request.fault !== undefined) counts[request.fault]++;
  return counts;
}

describe('engine: soak under injected faults', function () {
  this.timeout(600_000);
  let h: EngineHarness;

  before(async function () {
    this.timeout(1_200_000);
    h = await startEngineHarness({ program: fleetProgram(UNITS), faults: FAULTS });
  });

  after(async () => {
    await h?.close();
  });

  it(`brings ${UNITS * RESOURCES_PER_UNIT} resources up; the platform then holds exactly the declared objects`, async () => {
    const started = Date.now();
    const result = await h.stack.up();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const counts = faultCounts(h.requests());
    console.log(`      up: ${UNITS * RESOURCES_PER_UNIT} resources in ${seconds} s, ${JSON.stringify(counts)}`);
    assert.equal(result.summary.result, 'succeeded');
    assert.equal(result.summary.resourceChanges?.create, UNITS * RESOURCES_PER_UNIT + 1, JSON.stringify(result.summary.resourceChanges));
    assert.ok(counts.error > 0 && counts.reset > 0 && counts.drop > 0, `every kind of fault was hit: ${JSON.stringify(counts)}`);
    const dropped = h.requests().filter((r) => r.fault === 'drop' && r.method !== 'GET').length;
    assert.ok(dropped > 0, 'some mutating requests were applied and their responses lost');

    h.emulator.setFaults(null);
    const connectors = await h.connectors();
    const expectedNames = Array.from({ length: UNITS }, (_, i) => fleetConnectorName(i)).sort();
    assert.deepEqual(connectors.map((c) => c.name).sort(), expectedNames, 'one connector per declared name, no duplicates');
    for (const connector of connectors) {
      assert.equal(connector.authSchemeConfigs.length, 1, `${connector.name}: ${connector.authSchemeConfigs.length} configs`);
      assert.deepEqual(connector.connections.map((c) => c.name), [`${connector.name}-conn`], connector.name);
    }

    // Every platform object is the one the state records: no orphans behind adopted or retried creates.
    const deployment = JSON.parse(await runPulumi(h.stack, ['stack', 'export'])).deployment as {
      resources: Array<{ type: string; id?: string }>;
      pending_operations?: unknown[];
    };
    assert.deepEqual(deployment.pending_operations ?? [], []);
    const stateIds = (suffix: string) => deployment.resources.filter((r) => r.type.endsWith(suffix)).map((r) => r.id).sort();
    assert.deepEqual(stateIds(':Connector'), connectors.map((c) => c.id).sort());
    assert.deepEqual(stateIds(':AuthSchemeConfig'), connectors.flatMap((c) => c.authSchemeConfigs.map((a) => `${c.id}/${a.id}`)).sort());
    assert.deepEqual(stateIds(':Connection'), connectors.flatMap((c) => c.connections.map((x) => `${c.id}/${x.id}`)).sort());
  });

  it('a preview without faults shows no changes and sends nothing mutating', async () => {
    h.emulator.setFaults(null);
    const mark = h.mark();
    const preview = await h.stack.preview();
    assert.deepEqual(Object.keys(preview.changeSummary), ['same'], JSON.stringify(preview.changeSummary));
    assert.equal(preview.changeSummary.same, UNITS * RESOURCES_PER_UNIT + 1);
    assert.deepEqual(h.requests(mark).filter((r) => r.method !== 'GET'), []);
  });

  it('destroy under the same faults leaves the platform empty', async () => {
    h.emulator.setFaults(FAULTS);
    const mark = h.mark();
    const started = Date.now();
    const result = await h.stack.destroy();
    const counts = faultCounts(h.requests(mark));
    console.log(`      destroy: ${((Date.now() - started) / 1000).toFixed(1)} s, ${JSON.stringify(counts)}`);
    assert.equal(result.summary.result, 'succeeded');
    assert.ok(counts.error + counts.reset + counts.drop > 0, 'faults were injected during the destroy');
    h.emulator.setFaults(null);
    assert.deepEqual(await h.connectors(), []);
  });
});
