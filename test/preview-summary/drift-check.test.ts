// examples/drift-check: its issue script run against a fake `gh` that records every call and keeps issues in a file,
// with captured refresh previews as input; and its workflow, read as YAML.
import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fixtureFile } from './fixtures';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLE = path.join(ROOT, 'examples', 'drift-check');
const SCRIPT = path.join(EXAMPLE, '.github', 'scripts', 'drift-issue.sh');
const WORKFLOW = path.join(EXAMPLE, '.github', 'workflows', 'drift-check.yml');

interface Issue {
  number: number;
  title: string;
  labels: string[];
  state: 'open' | 'closed';
  body: string;
}

interface Call {
  args: string[];
  /** What --body-file named, read when gh was called (the script removes it when it ends). */
  bodyFile?: string;
}

/** A `gh` that understands what drift-issue.sh asks of it, and nothing else. */
const FAKE_GH = `#!${process.execPath}
const fs = require('fs');
const args = process.argv.slice(2);
const state = JSON.parse(fs.readFileSync(process.env.FAKE_GH_STATE, 'utf8'));
const option = (name) => (args.indexOf(name) === -1 ? undefined : args[args.indexOf(name) + 1]);
const call = { args };
if (option('--body-file') !== undefined) call.bodyFile = fs.readFileSync(option('--body-file'), 'utf8');
fs.appendFileSync(process.env.FAKE_GH_LOG, JSON.stringify(call) + '\\n');
const fail = (message) => { process.stderr.write('fake gh: ' + message + '\\n'); process.exit(1); };
if (option('--repo') !== 'example/infra') fail('no --repo example/infra');
const issue = () => state.issues.find((candidate) => candidate.number === Number(args[2])) || fail('no issue ' + args[2]);
const [group, verb] = args;
if (group === 'issue' && verb === 'list') {
  if (option('--json') !== 'number,title' || option('--jq') !== '.[] | "\\\\(.number)\\\\t\\\\(.title)"') fail('list: unexpected --json or --jq');
  for (const candidate of state.issues) {
    if (candidate.state === option('--state') && candidate.labels.includes(option('--label'))) {
      process.stdout.write(candidate.number + '\\t' + candidate.title + '\\n');
    }
  }
} else if (group === 'issue' && verb === 'view') {
  if (option('--json') !== 'body' || option('--jq') !== '.body') fail('view: unexpected --json or --jq');
  process.stdout.write(issue().body + '\\n');
} else if (group === 'issue' && verb === 'create') {
  const number = Math.max(0, ...state.issues.map((candidate) => candidate.number)) + 1;
  state.issues.push({ number, title: option('--title'), labels: [option('--label')], state: 'open', body: call.bodyFile });
  process.stdout.write('https://github.com/example/infra/issues/' + number + '\\n');
} else if (group === 'issue' && verb === 'edit') {
  issue().body = call.bodyFile;
} else if (group === 'issue' && verb === 'close') {
  issue().state = 'closed';
} else if (group !== 'label' || verb !== 'create') {
  fail('unexpected call: ' + args.join(' '));
}
fs.writeFileSync(process.env.FAKE_GH_STATE, JSON.stringify(state));
`;

interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
  calls: Call[];
  issues: Issue[];
  stepSummary: string;
}

const scratchDirs: string[] = [];
function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'versori-drift-check-'));
  scratchDirs.push(dir);
  return dir;
}

/** Runs drift-issue.sh on `refreshJson` with these issues on the fake GitHub. */
function runScript(refreshJson: string, issues: Issue[]): Promise<ScriptRun> {
  const dir = scratch();
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'gh'), FAKE_GH, { mode: 0o755 });
  const summary = path.join(bin, 'versori-preview-summary');
  const register = path.join(ROOT, 'node_modules', 'ts-node', 'register', 'transpile-only');
  const cli = path.join(ROOT, 'preview-summary', 'cli.ts');
  const project = path.join(ROOT, 'tsconfig.json');
  fs.writeFileSync(summary, `#!/bin/sh\nTS_NODE_PROJECT="${project}" exec "${process.execPath}" -r "${register}" "${cli}" "$@"\n`, { mode: 0o755 });
  const files = { json: path.join(dir, 'refresh.json'), state: path.join(dir, 'state.json'), log: path.join(dir, 'calls.jsonl'), summary: path.join(dir, 'summary.md') };
  fs.writeFileSync(files.json, refreshJson);
  fs.writeFileSync(files.state, JSON.stringify({ issues }));
  fs.writeFileSync(files.log, '');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
    GITHUB_REPOSITORY: 'example/infra',
    GITHUB_STEP_SUMMARY: files.summary,
    PULUMI_STACK: 'dev',
    VERSORI_PREVIEW_SUMMARY: summary,
    FAKE_GH_STATE: files.state,
    FAKE_GH_LOG: files.log,
  };
  delete env.DETAILS_URL;
  delete env.DRIFT_LABEL;
  const child = spawn('bash', [SCRIPT, files.json], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const calls = fs.readFileSync(files.log, 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Call);
      const { issues: after } = JSON.parse(fs.readFileSync(files.state, 'utf8')) as { issues: Issue[] };
      const stepSummary = fs.existsSync(files.summary) ? fs.readFileSync(files.summary, 'utf8') : '';
      resolve({ code, stdout, stderr, calls, issues: after, stepSummary });
    });
  });
}

const TITLE = 'Pulumi drift in dev';
const DRIFT = fixtureFile('drift-connection', 'json');
const DRIFT_REPORT = fixtureFile('drift-connection', 'md');
const NO_DRIFT = fixtureFile('drift-none', 'json');

function openIssue(number: number, body: string, title = TITLE, labels = ['pulumi-drift']): Issue {
  return { number, title, labels, state: 'open', body };
}

/** Each call as its first two words (and issue number). */
function verbs(run: ScriptRun): string[] {
  return run.calls.map((call) => call.args.slice(0, call.args[0] === 'issue' && /^\d+$/.test(call.args[2] ?? '') ? 3 : 2).join(' '));
}

describe('examples/drift-check: drift-issue.sh against a fake gh', function () {
  this.timeout(60_000);
  after(() => scratchDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('drift and no issue yet: creates the label, then one issue whose body is the drift report', async () => {
    const run = await runScript(DRIFT, [openIssue(7, 'another stack', 'Pulumi drift in prod')]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(verbs(run), ['issue list', 'label create', 'issue create']);
    const create = run.calls[2];
    assert.deepEqual(create.args.slice(2, 8), ['--repo', 'example/infra', '--title', TITLE, '--label', 'pulumi-drift']);
    assert.equal(create.bodyFile, DRIFT_REPORT);
    assert.deepEqual(run.issues.map((issue) => [issue.number, issue.title, issue.state]), [[7, 'Pulumi drift in prod', 'open'], [8, TITLE, 'open']]);
    assert.equal(run.stepSummary, DRIFT_REPORT);
    assert.match(run.stdout, /dev drifted; opened an issue/);
  });

  it('drift that changed: edits the open issue of the stack, and only that one', async () => {
    const run = await runScript(DRIFT, [openIssue(3, 'an older report', 'Pulumi drift in prod'), openIssue(4, '**Drift in `dev`:** an older report\n')]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(verbs(run), ['issue list', 'issue view 4', 'issue edit 4']);
    assert.equal(run.calls[2].bodyFile, DRIFT_REPORT);
    assert.equal(run.issues.find((issue) => issue.number === 4)?.body, DRIFT_REPORT);
    assert.equal(run.issues.find((issue) => issue.number === 3)?.body, 'an older report');
  });

  it('the same drift again: reads the issue and changes nothing', async () => {
    const run = await runScript(DRIFT, [openIssue(4, DRIFT_REPORT)]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(verbs(run), ['issue list', 'issue view 4']);
    assert.match(run.stdout, /drift is unchanged; issue #4 left as it is/);
  });

  it('drift gone: closes the open issue with a comment holding the no-drift report', async () => {
    const run = await runScript(NO_DRIFT, [openIssue(4, DRIFT_REPORT)]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(verbs(run), ['issue list', 'issue close 4']);
    const comment = run.calls[1].args[run.calls[1].args.indexOf('--comment') + 1];
    assert.equal(comment, `The drift is gone.\n\n${fixtureFile('drift-none', 'md').trimEnd()}`);
    assert.equal(run.issues[0].state, 'closed');
  });

  it('no drift and no issue: only looks; an issue of the same title without the label is not the stack\'s', async () => {
    const run = await runScript(NO_DRIFT, [openIssue(5, DRIFT_REPORT, TITLE, ['bug'])]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(verbs(run), ['issue list']);
    assert.match(run.stdout, /dev does not drift/);
  });

  it('a refresh that reported an error: fails and leaves the issue alone', async () => {
    const failed = JSON.parse(DRIFT) as Record<string, unknown>;
    failed.diagnostics = [{ message: 'error: could not read the connector: 401', severity: 'error' }];
    const run = await runScript(JSON.stringify(failed), [openIssue(4, DRIFT_REPORT)]);
    assert.equal(run.code, 1);
    assert.deepEqual(run.calls, []);
    assert.match(run.stderr, /the refresh reported an error; the issue is left as it is[\s\S]*Drift check of `dev` failed/);
  });

  it('input that is not a refresh (a preview, or nothing): fails with the summary\'s exit code, no call', async () => {
    for (const input of [fixtureFile('no-changes', 'json'), '']) {
      const run = await runScript(input, [openIssue(4, DRIFT_REPORT)]);
      assert.equal(run.code, 2);
      assert.deepEqual(run.calls, []);
      assert.match(run.stderr, /versori-preview-summary exited with 2; the issue is left as it is/);
    }
  });
});

/** The parser the test tools already bring (js-yaml, 3 or 4); the repository depends on no YAML library. */
function parseYaml(text: string): unknown {
  const yaml = require('js-yaml') as { load(text: string): unknown; safeLoad?: (text: string) => unknown };
  return (yaml.safeLoad ?? yaml.load)(text);
}

interface WorkflowStep {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}

describe('examples/drift-check: the workflow', () => {
  const text = fs.readFileSync(WORKFLOW, 'utf8');
  const workflow = parseYaml(text) as {
    on: { schedule: Array<{ cron: string }>; workflow_dispatch: unknown };
    permissions: Record<string, string>;
    jobs: Record<string, { steps: WorkflowStep[] }>;
  };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const stepRunning = (pattern: RegExp) => {
    const found = steps.filter((step) => pattern.test(step.run ?? ''));
    assert.equal(found.length, 1, `one step runs ${pattern}`);
    return found[0];
  };

  it('runs on a schedule (and by hand) with read access to the code and write access to issues only', () => {
    assert.equal(workflow.on.schedule.length, 1);
    assert.match(workflow.on.schedule[0].cron, /^(\S+ ){4}\S+$/);
    assert.ok('workflow_dispatch' in workflow.on);
    assert.deepEqual(workflow.permissions, { contents: 'read', issues: 'write' });
  });

  it('writes the refresh preview as JSON and hands it to the issue script, which exists and is executable', () => {
    stepRunning(/^pulumi refresh --preview-only --stack "\$PULUMI_STACK" --json > refresh\.json$/);
    const issueStep = stepRunning(/^bash \.github\/scripts\/drift-issue\.sh refresh\.json$/);
    assert.equal(issueStep.env?.GH_TOKEN, '${{ github.token }}');
    fs.accessSync(SCRIPT, fs.constants.X_OK);
    assert.match(fs.readFileSync(SCRIPT, 'utf8'), /npx --no-install versori-preview-summary\)[\s\S]*--drift --exit-code/);
  });

  it('takes the Versori token and the Pulumi secrets from repository secrets, for the refresh only, and never prints them', () => {
    const refresh = stepRunning(/^pulumi refresh /);
    for (const name of ['VERSORI_TOKEN', 'PULUMI_CONFIG_PASSPHRASE', 'PULUMI_ACCESS_TOKEN']) {
      assert.equal(refresh.env?.[name], `\${{ secrets.${name} }}`, name);
      assert.equal(text.split(`secrets.${name}`).length, 2, `${name} is given to one step`);
    }
    for (const step of steps) assert.doesNotMatch(step.run ?? '', /secrets\.|VERSORI_TOKEN|PASSPHRASE|ACCESS_TOKEN|set -x/, step.name);
    assert.doesNotMatch(fs.readFileSync(SCRIPT, 'utf8'), /VERSORI_TOKEN|PASSPHRASE|ACCESS_TOKEN|set -x|printenv|\$\{?GH_TOKEN/);
  });
});
