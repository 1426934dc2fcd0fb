// `versori-preview-summary` as a process: a file or standard input in, Markdown out; exit 2 on anything else.
import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES_DIR, fixtureFile } from './fixtures';

const ROOT = path.resolve(__dirname, '..', '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], input?: string): Promise<Run> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'preview-summary/cli.ts', ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const RENAME_JSON = path.join(FIXTURES_DIR, 'replace-rename-secret.json');

describe('versori-preview-summary, the command', function () {
  this.timeout(60_000);

  it('renders a file given as its argument', async () => {
    const run = await cli([RENAME_JSON]);
    assert.deepEqual(run, { code: 0, stdout: fixtureFile('replace-rename-secret', 'md'), stderr: '' });
  });

  it('renders a preview whose detailed diff has a key with a line break (exit 0, not a crash)', async () => {
    const json = JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, 'update-connector.json'), 'utf8')) as { steps: Array<Record<string, unknown>> };
    const step = json.steps.find((s) => s.op === 'update');
    assert.ok(step !== undefined);
    step.detailedDiff = { 'tags["team\nx"]': { kind: 'add', inputDiff: true } };
    const run = await cli([], JSON.stringify(json));
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
    assert.match(run.stdout, /`tags\["team\\nx"\]`: added/);
  });

  it('renders standard input, with a details link and a marker', async () => {
    const run = await cli(['--limit', '400', '--details-url', 'https://ci.example.com/1', '--marker', 'preview:dev'], fixtureFile('mixed', 'json'));
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines[0], '**Pulumi preview of `dev`:** 3 to create, 2 to update, 1 to delete, 3 unchanged');
    assert.match(lines[lines.length - 3], /left out .*; the full preview: https:\/\/ci\.example\.com\/1\._$/);
    assert.equal(lines[lines.length - 1], '<!-- preview:dev -->');
    assert.ok(Buffer.byteLength(run.stdout) <= 400);
  });

  it('is what examples/pr-preview runs, with the marker its comment is found by', () => {
    const workflow = fs.readFileSync(path.join(ROOT, 'examples', 'pr-preview', '.github', 'workflows', 'preview.yml'), 'utf8');
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.equal(manifest.bin['versori-preview-summary'], 'dist/preview-summary/cli.js');
    assert.match(workflow, /pulumi preview --stack "\$PULUMI_STACK" --json > preview\.json/);
    assert.match(workflow, /npx versori-preview-summary preview\.json \\\n[^\n]*--details-url [^\n]*\n\s+--marker "pulumi-preview:\$PULUMI_STACK" > comment\.md/);
    assert.match(workflow, /marker="<!-- pulumi-preview:\$PULUMI_STACK -->"/);
  });

  it('renders a refresh preview as a drift report, told from a preview by its steps', async () => {
    const run = await cli([path.join(FIXTURES_DIR, 'drift-connection.json')]);
    assert.deepEqual(run, { code: 0, stdout: fixtureFile('drift-connection', 'md'), stderr: '' });
  });

  it('--exit-code: 3 for drift or changes, 0 for none, 4 for a failed run, the Markdown written each time', async () => {
    const failed = JSON.stringify({ ...JSON.parse(fixtureFile('drift-none', 'json')), diagnostics: [{ severity: 'error', message: 'error: 401' }] });
    const cases: Array<[string, string, number, RegExp]> = [
      ['drift', fixtureFile('drift-deleted', 'json'), 3, /^\*\*Drift in `dev`:\*\* 1 gone/],
      ['no drift', fixtureFile('drift-none', 'json'), 0, /^\*\*No drift in `dev`/],
      ['a failed refresh', failed, 4, /^\*\*Drift check of `dev` failed:\*\* 1 error/],
      ['a preview that changes something', fixtureFile('mixed', 'json'), 3, /^\*\*Pulumi preview of `dev`:\*\* 3 to create/],
      ['a preview that changes nothing', fixtureFile('no-changes', 'json'), 0, /^\*\*Pulumi preview of `dev`:\*\* no changes/],
      ['a failed preview', fixtureFile('refused', 'json'), 4, /^\*\*Pulumi preview of `dev` failed/],
    ];
    for (const [what, input, code, first] of cases) {
      const run = await cli(['--exit-code'], input);
      assert.equal(run.code, code, what);
      assert.match(run.stdout, first, what);
      assert.equal((await cli([], input)).code, 0, `${what}, without --exit-code`);
    }
  });

  it('--drift: a stack with no resources is no drift; a preview is refused', async () => {
    const empty = await cli(['--drift'], '{"steps": []}');
    assert.deepEqual(empty, { code: 0, stdout: '**No drift:** the platform matches the state, 0 unchanged\n', stderr: '' });
    assert.match((await cli([], '{"steps": []}')).stdout, /^\*\*Pulumi preview:\*\* no changes/);
    const refused = await cli(['--drift', path.join(FIXTURES_DIR, 'update-connector.json')]);
    assert.equal(refused.code, 2);
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, /--drift: the input is the output of `pulumi preview --json`, not of `pulumi refresh --preview-only --json`/);
  });

  it('--help names the drift report and every exit status', async () => {
    const run = await cli(['--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /--drift /);
    assert.match(run.stdout, /--exit-code +exit 3 when the preview changes something or the refresh found drift, 4 when it reported an error/);
    assert.match(run.stdout, /exit status: 0 written .* 2 input that is not such JSON, or a bad option; 1 a bug of ours/s);
  });

  const refusals: Array<[string, string[], string | undefined, RegExp]> = [
    ['text that is not JSON', [], 'error: could not run preview', /^versori-preview-summary: the input is not JSON/],
    ['JSON that is not a preview', [path.join(ROOT, 'package.json')], undefined, /not the output of `pulumi preview --json`/],
    ['a file that does not exist', ['no-such-preview.json'], undefined, /cannot read no-such-preview\.json: ENOENT/],
    ['an unknown option', ['--colour'], '{}', /Unknown option '--colour'[\s\S]*usage: versori-preview-summary/],
    ['a limit that is not a number', ['--limit', 'lots'], '{}', /--limit lots is not a number of bytes/],
  ];
  for (const [what, args, input, message] of refusals) {
    it(`exits 2 on ${what}, saying why, with nothing on standard output`, async () => {
      const run = await cli(args, input);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
    });
  }
});
