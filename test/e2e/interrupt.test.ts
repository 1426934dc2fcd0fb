// An `up` whose Pulumi CLI is SIGKILLed midway, then the recovery docs/recovery.md documents: `pulumi cancel` removes the
// stale lock, scripts/recover.ts settles the pending creates against the platform, and the next `up` converges with
// nothing duplicated.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runPulumi } from '../../scripts/engine';
import { recoverInterruptedUpdate, repairFileBackend } from '../../scripts/recover';
import { fleetConnectorName, fleetProgram, RESOURCES_PER_UNIT } from '../support/fleet';
import { failureOf, isMutating, startEngineHarness, type EngineHarness } from '../support/engine-harness';
import { alive, childrenOf, descendantsOf, startUpChild } from '../support/processes';

const UNITS = 6;
/** Mutating requests answered before the kill: all connectors, and some of the auth scheme configs. */
const KILL_AFTER_MUTATIONS = 8;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Deployment {
  resources: Array<{ type: string; id?: string }>;
  pending_operations?: Array<{ type: string; resource: { urn: string } }>;
}

describe('engine: a SIGKILLed up, recovered', function () {
  this.timeout(300_000);
  let h: EngineHarness;
  const pulumi = (args: string[], options?: { perStack?: boolean }) => runPulumi(h.stack, args, options);
  const checkpointMetadata = () => path.join(h.backendDir, '.pulumi', 'stacks', 'versori-e2e', 'e2e.json.attrs');
  /**
   * The checkpoint's metadata file is among the repaired ones. The kill may also have cut short the metadata of the
   * checkpoint's backup (`e2e.json.bak.attrs`, written just before on every save): unreadable as well, so removed too.
   */
  const assertRepaired = (repaired: string[]) => {
    assert.ok(repaired.includes(checkpointMetadata()), `the checkpoint's metadata file is repaired: ${JSON.stringify(repaired)}`);
    const allowed = new Set([checkpointMetadata(), path.join(path.dirname(checkpointMetadata()), 'e2e.json.bak.attrs')]);
    assert.deepEqual(repaired.filter((file) => !allowed.has(file)), [], 'nothing but the two metadata files a kill can cut short');
  };
  const deployment = async () => JSON.parse(await pulumi(['stack', 'export'])).deployment as Deployment;

  before(async function () {
    this.timeout(1_200_000);
    // Latency keeps several creates in flight at any moment, so the kill lands in the middle of some.
    h = await startEngineHarness({ program: fleetProgram(UNITS), faults: { latencyMs: 300 } });
  });

  after(async () => {
    await h?.close();
  });

  it('SIGKILL of the pulumi CLI midway leaves a stale lock and pending creates', async () => {
    const child = startUpChild({ workDir: h.workDir, backendDir: h.backendDir, units: UNITS, projectName: 'versori-e2e', stackName: 'e2e' });
    try {
      const deadline = Date.now() + 120_000;
      while (h.requests().filter(isMutating).length < KILL_AFTER_MUTATIONS) {
        assert.ok(Date.now() < deadline && child.running(), `the up never got going:\n${child.output()}`);
        await sleep(50);
      }
      const cli = childrenOf(child.pid).find((c) => c.command === 'pulumi');
      assert.ok(cli, 'the pulumi CLI is a child of the process running stack.up()');
      const plugins = descendantsOf(cli.pid);
      process.kill(cli.pid, 'SIGKILL');
      assert.notEqual(await child.exited, 0, 'the interrupted up failed');
      // The provider plugins outlive the CLI for a moment and finish the requests in flight: objects the state never
      // hears of. Then they go too (they are ours to stop).
      await sleep(2_500);
      for (const pid of plugins) if (alive(pid)) process.kill(pid, 'SIGKILL');
    } finally {
      if (child.running()) child.kill();
    }
    h.emulator.setFaults(null);

    const locked = /the stack is currently locked by 1 lock\(s\)\. Either wait for the other process\(es\) to end or delete the lock file with `pulumi cancel`\./;
    const blocked = await failureOf(h.stack.up());
    if (/failed to load checkpoint: EOF/.test(blocked)) {
      // The kill landed while the CLI rewrote the checkpoint's metadata file (the next test covers this on purpose).
      assertRepaired(await repairFileBackend(pulumi));
      await assert.rejects(h.stack.up(), locked);
    } else {
      assert.match(blocked, locked);
    }
    const state = await deployment();
    const pending = (state.pending_operations ?? []).filter((op) => op.type === 'creating');
    assert.ok(pending.length > 0, 'the kill landed while creates were in flight');
    const platformObjects = (await h.connectors()).reduce((n, c) => n + 1 + c.authSchemeConfigs.length + c.connections.length, 0);
    const stateObjects = state.resources.filter((r) => r.type.startsWith('pulumi-nodejs:dynamic/versori:')).length;
    assert.ok(platformObjects > stateObjects, `the platform holds objects the state does not (${platformObjects} > ${stateObjects})`);
  });

  it('a checkpoint metadata file cut short by a kill stops every command, and recover repairs it', async () => {
    // What a SIGKILL between the two writes of a checkpoint save leaves (see repairFileBackend); made on purpose here,
    // since the kill above only sometimes lands there.
    fs.writeFileSync(checkpointMetadata(), '');
    await assert.rejects(deployment(), /failed to load checkpoint: EOF/);
    await assert.rejects(h.stack.up(), /failed to load checkpoint: EOF/);
    // A dry run changes nothing, so it cannot read the stack either.
    await assert.rejects(recoverInterruptedUpdate(pulumi, h.target, { dryRun: true }), /failed to load checkpoint: EOF/);
    assertRepaired(await repairFileBackend(pulumi));
    assert.deepEqual(await repairFileBackend(pulumi), [], 'a second repair finds nothing');
    assert.ok((await deployment()).pending_operations?.some((op) => op.type === 'creating'), 'the pending creates are still recorded');
    fs.writeFileSync(checkpointMetadata(), '{"md5":"');
  });

  it('cancel + recover + up converges with nothing duplicated', async () => {
    const log: string[] = [];
    const report = await recoverInterruptedUpdate(pulumi, h.target, { log: (line) => log.push(line) });
    assert.deepEqual(report.repaired, [checkpointMetadata()], 'the metadata file left cut short above is repaired first');
    assert.equal(report.cancel, "The currently running update for 'e2e' has been canceled!");
    assert.ok(report.imported.length > 0, `the objects created before the kill are imported:\n${log.join('\n')}`);
    const state = await deployment();
    assert.deepEqual(state.pending_operations ?? [], [], 'no pending operation is left');

    const up = await h.stack.up();
    assert.equal(up.summary.result, 'succeeded');
    const changes = up.summary.resourceChanges ?? {};
    assert.equal((changes.create ?? 0) + (changes.same ?? 0), UNITS * RESOURCES_PER_UNIT + 1, JSON.stringify(changes));

    const connectors = await h.connectors();
    assert.deepEqual(connectors.map((c) => c.name).sort(), Array.from({ length: UNITS }, (_, i) => fleetConnectorName(i)));
    for (const connector of connectors) {
      assert.equal(connector.authSchemeConfigs.length, 1, `${connector.name} has ${connector.authSchemeConfigs.length} auth scheme configs`);
      assert.deepEqual(connector.connections.map((c) => c.name), [`${connector.name}-conn`]);
    }
    const after = await deployment();
    const ids = (suffix: string) => after.resources.filter((r) => r.type.endsWith(suffix)).map((r) => r.id).sort();
    assert.deepEqual(ids(':Connector'), connectors.map((c) => c.id).sort());
    assert.deepEqual(ids(':AuthSchemeConfig'), connectors.flatMap((c) => c.authSchemeConfigs.map((a) => `${c.id}/${a.id}`)).sort());
    assert.deepEqual(ids(':Connection'), connectors.flatMap((c) => c.connections.map((x) => `${c.id}/${x.id}`)).sort());

    const preview = await h.stack.preview();
    assert.deepEqual(Object.keys(preview.changeSummary), ['same'], JSON.stringify(preview.changeSummary));
  });

  it('recover is harmless on a healthy stack, and destroy empties the platform', async () => {
    const report = await recoverInterruptedUpdate(pulumi, h.target);
    assert.deepEqual([report.repaired.length, report.imported.length, report.cleared.length, report.otherPending], [0, 0, 0, 0]);
    await h.stack.destroy();
    assert.deepEqual(await h.connectors(), []);
  });
});
