// `npm run bench -- --quick` end to end (N = 30 at 0 ms and 100 ms, both stacks as program folders run by the bare
// CLI): the results file has the shape, its ratios are computed from its own numbers, our requests are exactly
// the API floor's, the no-op stack sends none, and the state and CPU figures are measured, not made up.
import { strict as assert } from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../../scripts/engine';
import { CPU_UP_RUNS } from '../../bench/cpu';
import type { BenchResults, ScenarioResult } from '../../bench/report';
import { totalRequests } from '../../bench/requests';
import { FLOOR_PHASES, STACK_PHASES } from '../../bench/scenario';
import { EXPECTED_VERSION_REQUESTS, VERSION_PHASES } from '../../bench/versions';

function runQuickBench(out: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'npm',
      ['run', 'bench', '--silent', '--', '--quick', '--out', out],
      { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024, timeout: 540_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`npm run bench failed: ${error.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

describe('bench: npm run bench -- --quick', function () {
  this.timeout(600_000);
  let scratch: string;
  let results: BenchResults;
  let printed: string;
  const scenario = (latencyMs: number): ScenarioResult => results.scenarios.find((s) => s.latencyMs === latencyMs) as ScenarioResult;

  before(async function () {
    this.timeout(1_200_000); // the first run may build the Pulumi CLI
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'versori-bench-test-'));
    const out = path.join(scratch, 'results.json');
    printed = await runQuickBench(out);
    results = JSON.parse(fs.readFileSync(out, 'utf8')) as BenchResults;
  });

  after(() => {
    if (scratch !== undefined) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('runs N = 30 at 0 ms and 100 ms, every phase of both stacks timed, and the ratios from those times', () => {
    assert.equal(results.quick, true);
    assert.deepEqual(results.scenarios.map((s) => `${s.resources}@${s.latencyMs}`).sort(), ['30@0', '30@100']);
    assert.equal(results.host.pulumiSdk, '3.246.0');
    assert.match(results.host.pulumiCli, /^v3\.\d+\.\d+/);
    for (const s of results.scenarios) {
      assert.equal(s.skipCheckpoints, false);
      for (const phase of STACK_PHASES) {
        for (const stack of [s.versori, s.noop]) {
          assert.ok(stack[phase].seconds > 0, `${phase}: ${stack[phase].seconds} s`);
          assert.ok(stack[phase].cpuSeconds !== null && stack[phase].cpuSeconds > 0, `${phase}: CPU ${stack[phase].cpuSeconds}`);
        }
        const floor = (FLOOR_PHASES as readonly string[]).includes(phase) ? s.floor[phase as (typeof FLOOR_PHASES)[number]].seconds : 0;
        assert.equal(s.ratios[phase], Number((s.versori[phase].seconds / (s.noop[phase].seconds + floor)).toFixed(2)), phase);
      }
    }
    // The no-op stack sends nothing, so it ran once for both latencies.
    assert.deepEqual(scenario(0).noop, scenario(100).noop);
  });

  it('sends exactly the API floor: one request per object for up, refresh and destroy, none for the rest', () => {
    for (const s of results.scenarios) {
      for (const phase of FLOOR_PHASES) {
        assert.deepEqual(s.versori[phase].requests, s.floor[phase].requests, `${s.latencyMs} ms ${phase}`);
        assert.equal(totalRequests(s.floor[phase].requests), 30, `${s.latencyMs} ms ${phase} floor`);
      }
      assert.deepEqual(s.versori.noopUp.requests, {});
      assert.deepEqual(s.versori.preview.requests, {});
      for (const phase of STACK_PHASES) assert.deepEqual(s.noop[phase].requests, {}, `no-op ${phase}`);
    }
    assert.deepEqual(scenario(100).floor.up.requests, {
      'POST /connectors/{connectorId}/connections': 12,
      'POST /protocols/http/connectors': 6,
      'PUT /connectors/{connectorId}/auth-scheme-configs/{authSchemeConfigId}': 12,
    });
    // Connector, then config, then connection: three requests in a row, each delayed 100 ms; deletes the other way.
    assert.ok(scenario(100).floor.up.seconds >= 0.3, `create floor ${scenario(100).floor.up.seconds} s`);
    assert.ok(scenario(100).floor.destroy.seconds >= 0.3, `delete floor ${scenario(100).floor.destroy.seconds} s`);
    assert.ok(scenario(100).floor.refresh.seconds >= 0.1, `read floor ${scenario(100).floor.refresh.seconds} s`);
  });

  it('counts the requests of examples/versions by phase: exactly those expected, none at all on a no-change up', () => {
    assert.deepEqual(results.versionRequests.noChangeUp, {});
    for (const phase of VERSION_PHASES) {
      assert.deepEqual(results.versionRequests[phase], EXPECTED_VERSION_REQUESTS[phase], phase);
      const check = results.checks.find((c) => c.target.startsWith(`examples/versions ${phase}:`));
      assert.ok(check?.met, `${phase}: ${JSON.stringify(check)}`);
    }
    assert.match(printed, /\| `POST \/connectors\/\{connectorId\}\/versions\/\{version\}\/publish` \| 1 \| 0 \| 1 \| 0 \|/);
  });

  it('measures the state of both stacks, ours broken down by part', () => {
    const { state, noopState } = scenario(0);
    assert.equal(state.resources, 30);
    assert.equal(noopState.resources, 30);
    assert.ok(state.providerBytes !== null && state.providerBytes > 100 && state.providerBytes <= 512, `${state.providerBytes} B`);
    assert.ok(noopState.bytesPerResource !== null && state.bytesPerResource !== null && noopState.bytesPerResource < state.bytesPerResource);
    const part = (name: string): number => state.parts.find((p) => p.part === name)?.bytesPerResource ?? 0;
    assert.ok(part('inputs.__provider') >= state.providerBytes, 'the provider text is a part of its own');
    assert.ok(part('outputs.__provider') > 0 && part('urn') > 0);
    assert.deepEqual(Object.keys(state.byType).sort(), ['AuthSchemeConfig', 'Connection', 'Connector']);
  });

  it('measures the CPU of both dynamic-provider processes and where ours goes', () => {
    const { cpu } = results;
    assert.equal(cpu.resources, 30);
    assert.equal(cpu.versori.calls.create, 30);
    assert.equal(cpu.noop.calls.create, 30);
    assert.ok(cpu.versori.providerLoadMs > 0 && cpu.versori.startupMs > cpu.versori.providerLoadMs);
    assert.equal(cpu.upRuns.length, CPU_UP_RUNS);
    assert.deepEqual(cpu.upRuns[0], { oursMs: cpu.versori.totalMs, noopMs: cpu.noop.totalMs, msPerCreate: cpu.upRuns[0].msPerCreate });
    for (const run of cpu.upRuns) assert.equal(run.msPerCreate, Number(((run.oursMs - run.noopMs) / 30).toFixed(2)), JSON.stringify(run));
    assert.equal(cpu.ownMsPerCreate, [...cpu.upRuns.map((run) => run.msPerCreate)].sort((a, b) => a - b)[1]);
    const categories = cpu.versori.work.map((share) => share.category);
    for (const expected of ['zod', 'axios', 'pulumi-versori']) assert.ok(categories.includes(expected), `${expected} in ${categories}`);
    assert.ok(!cpu.noop.work.some((share) => ['zod', 'axios', 'pulumi-versori'].includes(share.category) && share.msPerResource > 0));
  });

  it('splits the CPU of each phase by process, for ours, the no-op stack and the no-op stack weighed down to ours', () => {
    const { cpu } = results;
    assert.ok(cpu.declaredProperties.versori > cpu.declaredProperties.noop, JSON.stringify(cpu.declaredProperties));
    assert.deepEqual(
      cpu.stacks.map((row) => row.stack.replace(/\d+/g, 'n')),
      ['ours', 'no-op', 'no-op + n properties', 'no-op + n B in inputs and outputs'],
    );
    for (const row of cpu.stacks) {
      for (const phase of ['up', 'noopUp', 'destroy'] as const) {
        const p = row.phases[phase];
        assert.ok(p.engine > 0 && p.plugin > 0, `${row.stack} ${phase}: ${JSON.stringify(p)}`);
        assert.ok(Math.abs(p.total - p.engine - p.program - p.plugin) < 0.02, `${row.stack} ${phase} adds up`);
      }
      assert.ok(row.phases.up.program > 0, `${row.stack}: the program runs in up`);
      assert.equal(row.phases.destroy.program, 0, `${row.stack}: no program runs in destroy`);
    }
    const [ours, noop, , padded] = cpu.stacks;
    assert.ok(ours.stateBytesPerResource !== null && noop.stateBytesPerResource !== null && padded.stateBytesPerResource !== null);
    assert.ok(Math.abs(padded.stateBytesPerResource - ours.stateBytesPerResource) < 0.1 * ours.stateBytesPerResource, 'as many bytes as ours');
  });

  it('prints the table with a row per scenario and phase, and the targets', () => {
    const phaseRow = new RegExp(`^\\| 30 \\| (0|100) ms \\| saved \\| (${STACK_PHASES.join('|')}) \\|`);
    const rows = printed.split('\n').filter((line) => phaseRow.test(line));
    assert.equal(rows.length, 2 * STACK_PHASES.length, printed);
    assert.match(printed, /our CPU per create/);
    assert.match(printed, /targets: \d+\/\d+ met/);
  });
});
