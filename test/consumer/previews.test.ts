// What `pulumi preview --diff` and `pulumi preview --json` say for each kind of change, through the bare CLI on a
// packed install: only the inputs that changed, secrets hidden, no computed output shown as removed or changed, the
// replacement's reason in the JSON, and every change that needs an update still planned.
import { strict as assert } from 'assert';
import * as path from 'path';
import type { ProgramFolder } from '../../scripts/program-folder';
import {
  EmulatorProcess,
  packedPackage,
  programAgainstEmulator,
} from '../support/consumer';
import TOOLCHAINS from './toolchains.json';

/** Outputs only the provider computes, by resource: a preview must never list them. */
const COMPUTED: Record<string, string[]> = {
  Connector: ['connectorId', 'organisationId', 'createdAt', 'updatedAt'],
  AuthSchemeConfig: ['config', 'credentialId', 'credentialOrganisationId', 'validationMessages'],
  Connection: ['connectionId', 'createdAt', 'updatedAt', 'effectiveVariables', 'appliedCredentials', 'declaredSchemeTypes'],
};

interface ResourceBlock {
  type: string;
  action: string;
  /** Property lines: the marker (`~`, `+`, `-` or none) and the top-level property name. */
  properties: Array<{ marker: string; name: string }>;
  text: string;
}

/** The `--diff` text's block for the resource named `name`. */
function blockOf(output: string, name: string): ResourceBlock {
  const blocks = output.split(/\n(?=\s{4}(?:[-+~]{1,2}|\s{2})\s?pulumi[\w:/-]+: \()/);
  const text = blocks.find((block) => block.includes(`::${name}]`));
  assert.ok(text !== undefined, `no block for ${name} in:\n${output}`);
  const [, type = '', action = ''] = /versori:(\w+): \(([\w-]+)\)/.exec(text) ?? [];
  // Top-level property lines: `      ~ name: …` when marked, `        name: …` when shown unchanged.
  const properties = [...text.matchAll(/^ {6}(?:([-+~]) | {2})(\w+)\s*:/gm)].map((m) => ({ marker: m[1] ?? '', name: m[2] }));
  return { type, action, properties, text };
}

interface Step {
  op: string;
  urn: string;
  diffReasons?: string[];
  replaceReasons?: string[];
  detailedDiff?: Record<string, { kind: string }> | null;
}

function stepOf(json: string, name: string): Step {
  const steps = (JSON.parse(json) as { steps: Step[] }).steps;
  const step = steps.find((s) => s.urn.endsWith(`::${name}`));
  assert.ok(step !== undefined, `no step for ${name}`);
  return step;
}

describe('consumer: previews tell the truth, property by property', function () {
  this.timeout(15 * 60_000);
  let emulator: EmulatorProcess;
  let program: ProgramFolder;

  before(async () => {
    ({ program, emulator } = await programAgainstEmulator({
      template: path.join('test', 'consumer', 'fixtures', 'previews'),
      dependencies: { 'pulumi-versori': `file:${await packedPackage()}`, '@pulumi/pulumi': TOOLCHAINS.lowestSdk },
      secrets: { apiKey: 'first-key' },
    }));
    await program.up();
  });
  after(async () => emulator?.stop());

  /** Previews with `changes` applied to the stack config (secret ones as secrets), both as text and as JSON. */
  async function preview(changes: Record<string, { value: string; secret?: boolean }>): Promise<{ text: string; json: string }> {
    const mark = emulator.requests().length;
    for (const [key, { value, secret }] of Object.entries(changes)) await program.setConfig(key, value, { secret });
    try {
      const text = (await program.preview(['--diff'], { show: false })).stdout;
      const json = (await program.preview(['--json'], { show: false })).stdout;
      assert.deepEqual(emulator.mutatingRequestsSince(mark), [], 'a preview changes nothing');
      return { text, json };
    } finally {
      for (const key of Object.keys(changes)) {
        if (key === 'apiKey') await program.setConfig('apiKey', 'first-key', { secret: true });
        else await program.removeConfig(key);
      }
    }
  }

  it('no change: every resource unchanged', async () => {
    const { text, json } = await preview({});
    assert.match(text, /4 unchanged/);
    assert.deepEqual([...new Set((JSON.parse(json) as { steps: Step[] }).steps.map((s) => s.op))], ['same']);
  });

  it('an in-place update shows the one input that changed', async () => {
    const { text, json } = await preview({ baseUrl: { value: 'https://api.example-crm.com/v3' } });
    const block = blockOf(text, 'crm');
    assert.equal(block.action, 'update');
    assert.deepEqual(block.properties, [{ marker: '~', name: 'baseUrl' }]);
    assert.match(block.text, /~ baseUrl: "https:\/\/api\.example-crm\.com\/v2" => "https:\/\/api\.example-crm\.com\/v3"/);
    const step = stepOf(json, 'crm');
    assert.equal(step.op, 'update');
    assert.deepEqual(step.diffReasons, ['baseUrl']);
    assert.deepEqual(Object.keys(step.detailedDiff ?? {}), ['baseUrl']);
    assert.match(text, /~ 1 to update/);
  });

  it('a rename and a rotated secret replace the connection, showing only name and the hidden credential', async () => {
    const { text, json } = await preview({ connectionName: { value: 'production' }, apiKey: { value: 'second-key', secret: true } });
    const block = blockOf(text, 'crm-prod');
    assert.equal(block.action, 'replace');
    assert.deepEqual(block.properties, [{ marker: '~', name: 'credentials' }, { marker: '~', name: 'name' }]);
    assert.match(block.text, /~ action: \[secret\] => \[secret\]/);
    assert.match(block.text, /~ name {7}: "prod" => "production"/);
    assert.doesNotMatch(text, /second-key|first-key/);
    const step = stepOf(json, 'crm-prod');
    assert.equal(step.op, 'replace');
    assert.deepEqual(step.replaceReasons, ['credentials'], 'the reason: a credential cannot change in place');
    assert.deepEqual([...(step.diffReasons ?? [])].sort(), ['credentials', 'name']);
    assert.deepEqual(Object.keys(step.detailedDiff ?? {}).sort(), ['credentials.action', 'name']);
  });

  it('a rotated secret alone replaces the connection (deleting it first), showing only the hidden credential', async () => {
    const { text, json } = await preview({ apiKey: { value: 'second-key', secret: true } });
    const block = blockOf(text, 'crm-prod');
    assert.equal(block.action, 'replace');
    assert.deepEqual(block.properties, [{ marker: '~', name: 'credentials' }]);
    assert.deepEqual(stepOf(json, 'crm-prod').replaceReasons, ['credentials']);
  });

  it('new resources show their inputs, with the ids not known yet marked unknown', async () => {
    const { text, json } = await preview({ erp: { value: 'true' } });
    const connection = blockOf(text, 'erp-prod');
    assert.equal(connection.action, 'create');
    assert.match(connection.text, /connectorId\s*: \[unknown\]/);
    assert.match(blockOf(text, 'erp-key').text, /connectorId\s*: \[unknown\]/);
    assert.equal(stepOf(json, 'erp-prod').op, 'create');
    assert.match(text, /\+ 3 to create/);
  });

  it('never lists a computed output in a preview', async () => {
    const { text } = await preview({ baseUrl: { value: 'https://api.example-crm.com/v3' }, connectionName: { value: 'production' }, erp: { value: 'true' } });
    for (const name of ['crm', 'crm-prod', 'erp', 'erp-key', 'erp-prod']) {
      const block = blockOf(text, name);
      const shown = block.properties.map((p) => p.name);
      assert.ok(shown.length > 0, `${name}: no property lines found`);
      assert.deepEqual(shown.filter((p) => COMPUTED[block.type].includes(p)), [], `${name} lists computed outputs`);
    }
  });
});
