// `npm run bench -- --quick` end to end (N = 0 and 30 at 0 ms and 100 ms): the results file has the shape,
// and its numbers are sane (the floor sends one request per object, a no-change up and a preview send none).
import { strict as assert } from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../../scripts/engine';
import { PHASES, type BenchResults, type ScenarioResult } from '../../bench/run';

const SECONDS_FIELDS = ['upSeconds', 'noopUpSeconds', 'previewSeconds', 'refreshSeconds', 'destroySeconds', 'floorSeconds'] as const;
const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

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

  it('runs N = 0 and 30 at 0 ms and 100 ms with one parallelism, each with the issue fields', () => {
    assert.equal(results.quick, true);
    const runs = results.scenarios.map((s) => `${s.resources}@${s.latencyMs}`).sort();
    assert.deepEqual(runs, ['0@0', '0@100', '30@0', '30@100']);
    for (const s of results.scenarios) {
      assert.equal(s.parallel, results.parallel);
      for (const field of SECONDS_FIELDS) {
        assert.equal(typeof s[field], 'number', field);
        assert.ok(Number.isFinite(s[field]) && s[field] >= 0, `${field} = ${s[field]}`);
      }
      assert.deepEqual(Object.keys(s.requests).sort(), [...PHASES].sort());
      for (const phase of PHASES) {
        for (const [op, count] of Object.entries(s.requests[phase])) {
          assert.match(op, /^(GET|POST|PUT|DELETE|PATCH) \/[a-z/{}A-Za-z-]+$/, `${phase}: ${op}`);
          assert.ok(Number.isInteger(count) && count > 0, `${phase} ${op}: ${count}`);
        }
      }
    }
    assert.ok('marginalRatio' in results.summary);
    assert.equal(results.summary.marginalRatio, null, 'no N = 300 in a quick run');
  });

  it('measures real work: the floor sends one create per object, a no-change up and a preview send nothing', () => {
    for (const s of results.scenarios) {
      const label = `N=${s.resources} @${s.latencyMs}ms`;
      const objects = s.objects.connectors + s.objects.authSchemeConfigs + s.objects.connections;
      assert.equal(objects, s.resources, label);
      assert.equal(total(s.requests.floor), s.resources, `${label} floor`);
      assert.deepEqual(s.requests.noopUp, {}, `${label} no-change up`);
      assert.deepEqual(s.requests.preview, {}, `${label} preview`);
      assert.ok(total(s.requests.up) >= s.resources, `${label} up sent ${total(s.requests.up)}`);
      assert.ok(total(s.requests.refresh) >= s.resources, `${label} refresh sent ${total(s.requests.refresh)}`);
      assert.ok(total(s.requests.destroy) >= s.resources, `${label} destroy sent ${total(s.requests.destroy)}`);
    }
    const full = results.scenarios.find((s) => s.resources === 30 && s.latencyMs === 100) as ScenarioResult;
    assert.deepEqual(full.requests.floor, {
      'POST /connectors/{connectorId}/connections': 12,
      'POST /protocols/http/connectors': 6,
      'PUT /connectors/{connectorId}/auth-scheme-configs/{authSchemeConfigId}': 12,
    });
    // Connector, then config, then connection: three requests in a row, each delayed 100 ms.
    assert.ok(full.floorSeconds >= 0.3, `floor took ${full.floorSeconds} s`);
    assert.ok(full.upSeconds > full.floorSeconds, 'the engine cannot beat the direct API');
    const empty = results.scenarios.find((s) => s.resources === 0 && s.latencyMs === 0) as ScenarioResult;
    assert.equal(empty.stateBytesPerResource, null);
    assert.ok(full.stateBytesPerResource !== null && full.stateBytesPerResource > 0);
    assert.ok(full.providerBytes !== null && full.providerBytes > 0 && full.providerBytes <= 8 * 1024, `${full.providerBytes} B`);
  });

  it('prints the markdown table with a row per scenario', () => {
    const rows = printed.split('\n').filter((line) => /^\| (0|30) \| (0|100) ms \|/.test(line));
    assert.equal(rows.length, 4, printed);
    assert.match(printed, /targets: \d+\/\d+ met/);
  });
});
