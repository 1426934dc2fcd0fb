// `npm run bench:adopt -- --quick` end to end, the large-organisation benchmark's own code path at 120 connectors and
// 360 connections (two pages of ListConnectors): the packed versori-adopt sends exactly the fewest requests the API
// allows and reads nothing twice, the generated program's first `up` (checkpoints skipped, to fit the budget) adopts
// everything with no POST, PUT or DELETE and one read per object, the same read against --rate-limit 10 is throttled
// and still completes with nothing given up, and the split by tag writes one project per team.
import { strict as assert } from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { AdoptResults } from '../../bench/adopt-report';
import { DEFAULT_RATE_LIMIT, SIZES } from '../../bench/adopt';
import { countsOfPlan, minimumReadRequests, planOrganisation, SPLIT_TAG, TEAMS } from '../../bench/org';
import { totalRequests } from '../../bench/requests';
import { REPO_ROOT } from '../../scripts/engine';

function runQuickAdoptBench(out: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'npm',
      ['run', 'bench:adopt', '--silent', '--', '--quick', '--out', out],
      { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024, timeout: 540_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`npm run bench:adopt failed: ${error.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

describe('bench: npm run bench:adopt -- --quick', function () {
  this.timeout(600_000);
  const plan = planOrganisation(SIZES.quick.connectors, SIZES.quick.connectionsPerConnector);
  let scratch: string;
  let results: AdoptResults;
  let printed: string;

  before(async function () {
    this.timeout(1_200_000); // the first run may build the Pulumi CLI
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'versori-bench-adopt-test-'));
    const out = path.join(scratch, 'results.json');
    printed = await runQuickAdoptBench(out);
    results = JSON.parse(fs.readFileSync(out, 'utf8')) as AdoptResults;
  });

  after(() => {
    if (scratch !== undefined) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('seeds 120 connectors and 360 connections, more than one page', () => {
    assert.equal(results.complete, true);
    assert.equal(results.quick, true);
    assert.equal(results.organisation.connectors, 120);
    assert.equal(results.organisation.connections, 360);
    assert.deepEqual({ ...results.organisation, declared: undefined, minimumReadRequests: undefined }, { ...countsOfPlan(plan), declared: undefined, minimumReadRequests: undefined });
  });

  it('reads with exactly the fewest requests the API allows, nothing twice, saying how far it got', () => {
    const read = results.read;
    assert.ok(read !== undefined);
    // 2 pages of 100 connectors, per published version (5) its three lists and its 2 definitions' documents, and the
    // one (empty) page of the connectors in any category.
    assert.equal(minimumReadRequests(plan), 2 + 5 * (3 + 2) + 1);
    assert.equal(read.total, minimumReadRequests(plan));
    assert.equal(read.reported, read.total, 'what versori-adopt says it sent');
    assert.equal(read.requests['GET /connectors'], 2 + 1);
    assert.equal(read.requests['GET /schemas/{connectorId}/{version}/{schemaFilename}'], 10);
    assert.equal(read.repeated, 0);
    assert.equal(read.givenUp, 0);
    assert.equal(read.throttled, 0);
    // A line per page (2) and per 50 connectors' versions (50, 100, 120).
    assert.equal(read.progressLines, 5);
  });

  it("adopts every object with the generated program's first up: one read each, no mutating request", () => {
    const up = results.program.up;
    assert.ok(up !== undefined);
    const definitions = plan.reduce((n, c) => n + (c.version?.definitions.length ?? 0), 0);
    assert.equal(results.organisation.declared, results.organisation.resources);
    assert.equal(up.mutating, 0);
    assert.deepEqual(up.changes, { create: results.organisation.declared + 1 });
    assert.equal(totalRequests(up.requests), results.organisation.declared + definitions, 'a read per object, and a definition its document');
    assert.ok(Object.keys(up.requests).every((op) => op.startsWith('GET ')), JSON.stringify(up.requests));
  });

  it('reads the same organisation under --rate-limit 10: throttled, nothing given up, the same program written', () => {
    const throttled = results.throttled;
    assert.ok(throttled !== undefined);
    assert.equal(throttled.rateLimit, DEFAULT_RATE_LIMIT);
    assert.ok(throttled.read.throttled > 0, 'some requests were answered 429');
    assert.equal(throttled.read.givenUp, 0);
    assert.equal(throttled.read.total, minimumReadRequests(plan), 'each answered once: a 429 was not processed');
    assert.equal(throttled.read.repeated, 0);
    assert.equal(throttled.sameProgram, true);
  });

  it('splits by the team tag into one project per team and one for the untagged, the subtrees adding up', () => {
    const split = results.split;
    assert.ok(split !== undefined);
    assert.equal(split.tag, SPLIT_TAG);
    assert.deepEqual(split.projects.map((p) => p.folder), [...TEAMS, `without-${SPLIT_TAG}`]);
    assert.equal(split.projects.reduce((n, p) => n + p.connectors, 0), 120);
    assert.equal(split.projects.reduce((n, p) => n + p.resources, 0), results.organisation.declared);
    assert.equal(split.requests, minimumReadRequests(plan));
    assert.match(printed, /\| `without-team` \| 2 \| /);
  });
});
