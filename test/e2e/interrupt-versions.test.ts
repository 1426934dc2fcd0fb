// An `up` of a connector version with its definitions, actions, trigger and publication (test/support/versions-program,
// as examples/versions), SIGKILLed twice at exact points, each time recovered with scripts/recover.ts: first while a
// definition and an action are being created (the definition made on the platform, the action never sent), then while
// the version is being published. A proxy in front of the emulator holds the chosen creates, so the kill lands at the
// same point on every run. Afterwards every object exists once, the version was published once, and the stack is
// converged.
import { strict as assert } from 'assert';
import { countByOperation } from '../../bench/requests';
import { EXPECTED_VERSION_REQUESTS } from '../../bench/versions';
import { runPulumi } from '../../scripts/engine';
import { recoverInterruptedUpdate, type RecoveryReport } from '../../scripts/recover';
import { VersoriClient } from '../../provider/client';
import type { VersionAddress } from '../../provider/version-endpoints';
import { isMutating, startEngineHarness, type EngineHarness } from '../support/engine-harness';
import { startHoldingProxy, type HoldingProxy, type ProxiedRequest } from '../support/holding-proxy';
import { alive, childrenOf, descendantsOf, startUpChild } from '../support/processes';
import { VERSIONS_CONNECTOR_NAME, VERSIONS_RESOURCES, VERSIONS_VERSION_NAME, versionsProgram } from '../support/versions-program';

/** Mutating requests answered before the first kill: connector, its categories, version, its description, "product". */
const KILL_AFTER_MUTATIONS = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Deployment {
  resources: Array<{ urn: string; type: string; id?: string }>;
  pending_operations?: Array<{ type: string; resource: { urn: string } }>;
}

const nameOf = (urn: string) => urn.split('::').pop() ?? urn;
const described = (request: ProxiedRequest) => `${request.method} ${request.path.replace(/^.*\/versions\/[^/]+/, '…')}`;

describe('engine: a SIGKILLed up of a connector version, recovered', function () {
  this.timeout(240_000);
  let h: EngineHarness;
  let proxy: HoldingProxy;
  let client: VersoriClient;
  let connectorId: string;
  const pulumi = (args: string[], options?: { perStack?: boolean }) => runPulumi(h.stack, args, options);
  const deployment = async () => JSON.parse(await pulumi(['stack', 'export'])).deployment as Deployment;
  const pendingCreates = async () => ((await deployment()).pending_operations ?? []).filter((op) => op.type === 'creating').map((op) => nameOf(op.resource.urn)).sort();
  const version = (): VersionAddress => ({ connectorId, versionName: VERSIONS_VERSION_NAME });
  const summary = (report: RecoveryReport) => ({
    imported: report.imported.map((p) => [nameOf(p.urn), p.id]),
    cleared: report.cleared.map((p) => [nameOf(p.urn), p.note]),
  });

  /**
   * Runs `up` in a process of its own until the proxy holds `count` requests matching `rule`, sends those `made` selects
   * to the emulator (their answers never reach the provider), then SIGKILLs the CLI and everything it started. Resolves
   * with the held requests.
   */
  async function killedUp(rule: (request: ProxiedRequest) => boolean, count: number, made: (request: ProxiedRequest) => boolean): Promise<string[]> {
    proxy.holdWhen(rule);
    const up = startUpChild({ workDir: h.workDir, backendDir: h.backendDir, program: 'versions', projectName: 'versori-e2e', stackName: 'e2e' });
    try {
      const deadline = Date.now() + 120_000;
      while (proxy.held().length < count) {
        assert.ok(Date.now() < deadline && up.running(), `the up never reached the kill point:\n${up.output()}`);
        await sleep(50);
      }
      for (const request of proxy.held().filter(made)) assert.ok((await proxy.forwardUnanswered(request)) < 300, described(request));
      const cli = childrenOf(up.pid).find((c) => c.command === 'pulumi');
      assert.ok(cli, 'the pulumi CLI is a child of the process running stack.up()');
      const started = descendantsOf(cli.pid);
      process.kill(cli.pid, 'SIGKILL');
      assert.notEqual(await up.exited, 0, 'the interrupted up failed');
      for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
      return proxy.held().map(described).sort();
    } finally {
      if (up.running()) up.kill();
      proxy.holdWhen(null);
      proxy.dropHeld();
    }
  }

  before(async function () {
    this.timeout(600_000);
    h = await startEngineHarness({ program: versionsProgram() });
    proxy = await startHoldingProxy(h.emulator.origin);
    await h.stack.setConfig('versori:baseUrl', { value: proxy.baseUrl });
    client = new VersoriClient(h.target);
  });

  after(async () => {
    await proxy?.close();
    await h?.close();
  });

  it('killed while a definition and an action are created: the one made is imported, the other cleared', async () => {
    const held = await killedUp(
      (request) => request.method !== 'GET' && h.requests().filter(isMutating).length >= KILL_AFTER_MUTATIONS,
      2,
      (request) => request.path.endsWith('/definitions'),
    );
    assert.deepEqual(held, ['POST …/actions', 'POST …/definitions']);
    assert.equal(h.requests().filter(isMutating).length, KILL_AFTER_MUTATIONS + 1, 'the held definition reached the platform, the action did not');
    assert.deepEqual(await pendingCreates(), ['get-product', 'order']);
    [connectorId] = (await h.connectors()).map((c) => c.id);
    const definitions = await client.versions.listDefinitions(version(), {}, 'definitions');
    assert.deepEqual(definitions.definitions.map((d) => d.name).sort(), ['order', 'product']);

    const report = await recoverInterruptedUpdate(pulumi, h.target);
    assert.equal(report.cancel, "The currently running update for 'e2e' has been canceled!");
    assert.deepEqual(summary(report), {
      imported: [['order', `${connectorId}/${VERSIONS_VERSION_NAME}/order`]],
      cleared: [['get-product', `version "${VERSIONS_VERSION_NAME}" of connector ${connectorId} has no action "get-product"`]],
    });
    assert.deepEqual(await pendingCreates(), []);
  });

  it('killed while the version is published: the publication is imported', async () => {
    const held = await killedUp((request) => request.method === 'POST' && request.path.endsWith('/publish'), 1, () => true);
    assert.deepEqual(held, ['POST …/publish']);
    assert.notEqual((await client.versions.getVersion(version(), 'version')).publishedAt, null, 'the version is published');
    assert.deepEqual(await pendingCreates(), ['catalog-version']);

    const report = await recoverInterruptedUpdate(pulumi, h.target);
    assert.deepEqual(summary(report), { imported: [['catalog-version', `${connectorId}/${VERSIONS_VERSION_NAME}`]], cleared: [] });
  });

  it('the next up converges with every object once and the version published once', async () => {
    const up = await h.stack.up();
    assert.equal(up.summary.result, 'succeeded');
    // The publish's answer was lost before its follow-up PUT of isDefault: the refresh read it false.
    assert.deepEqual(up.summary.resourceChanges, { same: VERSIONS_RESOURCES, update: 1 });
    const preview = await h.stack.preview();
    assert.deepEqual(Object.keys(preview.changeSummary), ['same'], JSON.stringify(preview.changeSummary));

    // The three interrupted or recovered runs together sent exactly what one uninterrupted up sends.
    assert.deepEqual(countByOperation(h.requests().filter(isMutating)), EXPECTED_VERSION_REQUESTS.up);
    const connectors = await h.connectors();
    assert.deepEqual(connectors.map((c) => [c.id, c.name]), [[connectorId, VERSIONS_CONNECTOR_NAME]]);
    const versions = (await client.versions.listVersions(connectorId, {}, 'versions')).items;
    assert.deepEqual(versions.map((v) => [v.name, v.publishedAt !== null, v.isDefault]), [[VERSIONS_VERSION_NAME, true, true]]);
    const names = (items: Array<{ name: string }>) => items.map((item) => item.name).sort();
    assert.deepEqual(names((await client.versions.listDefinitions(version(), {}, 'definitions')).definitions), ['order', 'product']);
    assert.deepEqual(names((await client.versions.actions.list(version(), {}, 'actions')).actions), ['create-order', 'get-product']);
    assert.deepEqual(names((await client.versions.triggers.list(version(), {}, 'triggers')).triggers), ['order-created']);

    const state = await deployment();
    const ids = state.resources.filter((r) => r.type.startsWith('pulumi-nodejs:dynamic/versori:')).map((r) => [nameOf(r.urn), r.id]);
    const v = `${connectorId}/${VERSIONS_VERSION_NAME}`;
    assert.deepEqual(ids.sort(), [
      ['catalog', connectorId],
      ['catalog-version', v],
      ['catalog-version', v],
      ['create-order', `${v}/create-order`],
      ['get-product', `${v}/get-product`],
      ['order', `${v}/order`],
      ['order-created', `${v}/order-created`],
      ['product', `${v}/product`],
    ]);
  });

  it('destroy empties the platform', async () => {
    await h.stack.destroy();
    assert.deepEqual(await h.connectors(), []);
  });
});
