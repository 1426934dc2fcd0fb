// Every input a user can pass as a secret stays secret wherever its value goes: the state (`pulumi stack export`),
// `pulumi preview --json` and `--diff`, and the CLI's output of up, refresh and destroy, through the bare CLI on a
// packed install. The program (fixtures/secret-inputs) declares, for every input of every kind, one resource with that
// one input a secret; every string value carries a marker naming its resource and input, so a marker found in clear
// names the input that leaked. Values that carry no marker (an enum, a boolean, a number) are looked for as values in
// the clear parts of their own resource.
import { strict as assert } from 'assert';
import * as path from 'path';
import { actionFields } from '../../provider/action/inputs';
import { authSchemeConfigFields } from '../../provider/auth-scheme-config/inputs';
import { connectionFields } from '../../provider/connection/inputs';
import { connectorVersionPublicationFields } from '../../provider/connector-version-publication/inputs';
import { connectorVersionFields } from '../../provider/connector-version/inputs';
import { connectorFields } from '../../provider/connector/inputs';
import { definitionFields } from '../../provider/definition/inputs';
import { triggerFields } from '../../provider/trigger/inputs';
import type { ResourceKind } from '../../provider/dynamic';
import type { ProgramFolder } from '../../scripts/program-folder';
import { EmulatorProcess, packedPackage, programAgainstEmulator } from '../support/consumer';
import TOOLCHAINS from './toolchains.json';

interface SecretCase {
  kind: ResourceKind;
  key: string;
  name: string;
  args: Record<string, unknown>;
  marker: string;
}

const fixture = require('./fixtures/secret-inputs/cases.js') as {
  SECRET_INPUTS: Record<ResourceKind, string[]>;
  secretCases(round: number): SecretCase[];
};

const DECLARED: Record<ResourceKind, Record<string, unknown>> = {
  connector: connectorFields,
  authSchemeConfig: authSchemeConfigFields,
  connection: connectionFields,
  connectorVersion: connectorVersionFields,
  connectorVersionPublication: connectorVersionPublicationFields,
  definition: definitionFields,
  action: actionFields,
  trigger: triggerFields,
};

/**
 * Inputs with no case, and why: a value that becomes part of a resource id (Pulumi keeps ids in clear, whatever the
 * inputs), an input that names another object by its id, and what the resource classes set themselves.
 */
const NOT_CASES: Record<ResourceKind, Record<string, string>> = {
  connector: { adoptId: 'becomes the resource id' },
  authSchemeConfig: { connectorId: 'part of the resource id', authSchemeConfigId: 'part of the resource id' },
  connection: { connectorId: 'part of the resource id', adoptId: 'becomes the resource id', declaredSchemeTypes: 'set by the class, not an argument' },
  connectorVersion: { connectorId: 'part of the resource id', name: 'part of the resource id', fromVersion: 'names another version (its id)' },
  connectorVersionPublication: { connectorId: 'part of the resource id', versionName: 'part of the resource id' },
  definition: { connectorId: 'part of the resource id', versionName: 'part of the resource id', name: 'part of the resource id' },
  action: { connectorId: 'part of the resource id', versionName: 'part of the resource id', name: 'part of the resource id' },
  trigger: { connectorId: 'part of the resource id', versionName: 'part of the resource id', name: 'part of the resource id' },
};

const SECRET_SIG = '4dabf18193072939515e22adb298388d';

type Leaf = { path: string; value: unknown };

/** The primitive values of `value` outside its secrets, with their paths. */
function clearLeaves(value: unknown, at = ''): Leaf[] {
  if (value === '[secret]') return [];
  if (Array.isArray(value)) return value.flatMap((item, i) => clearLeaves(item, `${at}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    if (SECRET_SIG in value) return [];
    return Object.entries(value).flatMap(([key, child]) => clearLeaves(child, at === '' ? key : `${at}.${key}`));
  }
  return [{ path: at, value }];
}

/** A value of `stack export --show-secrets` with its secrets decoded. */
function revealed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revealed);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (SECRET_SIG in record && typeof record.plaintext === 'string') return revealed(JSON.parse(record.plaintext));
  return Object.fromEntries(Object.entries(record).map(([key, child]) => [key, revealed(child)]));
}

/** What of a secret input's value must not be seen in clear: its strings and numbers, or the value itself. */
function sensitiveValues(value: unknown, topLevel = true): unknown[] {
  if (Array.isArray(value)) return value.flatMap((item) => sensitiveValues(item, false));
  if (typeof value === 'object' && value !== null) {
    if ('$ref' in value) return [];
    return Object.values(value).flatMap((child) => sensitiveValues(child, false));
  }
  return topLevel || typeof value !== 'boolean' ? [value] : [];
}

function resourceOf(resources: Array<Record<string, unknown>>, name: string): Record<string, unknown> {
  const found = resources.find((r) => String(r.urn).endsWith(`::${name}`));
  assert.ok(found !== undefined, `no resource ${name} in the state`);
  return found;
}

type Exported = { deployment: { resources: Array<Record<string, unknown>> } };

type Step = { urn: string; op: string; oldState?: Record<string, unknown>; newState?: Record<string, unknown> };

/** The preview's step for a resource; the engine leaves some unchanged resources out. */
function stepOf(json: string, name: string): Step | undefined {
  return (JSON.parse(json) as { steps: Step[] }).steps.find((s) => s.urn.endsWith(`::${name}`));
}

describe('consumer: every input given as a secret stays secret in state, previews and output', function () {
  this.timeout(20 * 60_000);
  let emulator: EmulatorProcess;
  let program: ProgramFolder;
  const cases = (round: number) => fixture.secretCases(round);

  /** The cases whose marker `text` holds. */
  function markersIn(where: string, text: string, round: number): string[] {
    return cases(round).filter((c) => text.includes(c.marker)).map((c) => `${where}: the secret ${c.key} of ${c.name}`);
  }

  function assertNoMarker(where: string, text: string, round: number): void {
    assert.deepEqual(markersIn(where, text, round), [], 'secret inputs in clear');
  }

  /** The cases whose sensitive values are among the clear values of their own resource, as `values(name)` gives them. */
  function valuesIn(where: string, round: number, values: (name: string) => unknown[]): string[] {
    return cases(round).flatMap((c) => {
      const leaves = values(c.name).flatMap((v) => clearLeaves(v));
      return sensitiveValues(c.args[c.key]).flatMap((sensitive) => {
        const seen = leaves.filter((leaf) => leaf.value === sensitive || (typeof sensitive === 'string' && String(leaf.value).includes(c.marker)));
        return seen.map((leaf) => `${where}: ${c.name} shows its secret ${c.key} at ${leaf.path}`);
      });
    });
  }

  function assertNoValue(where: string, round: number, values: (name: string) => unknown[]): void {
    assert.deepEqual(valuesIn(where, round, values), [], 'secret inputs in clear');
  }

  async function assertStateClean(round: number): Promise<void> {
    const exported = await program.run(['stack', 'export', '--stack', 'dev']);
    assertNoMarker('pulumi stack export', exported.stdout, round);
    const resources = (JSON.parse(exported.stdout) as Exported).deployment.resources;
    assertNoValue('pulumi stack export', round, (name) => [resourceOf(resources, name).inputs, resourceOf(resources, name).outputs]);
    // The values are there, encrypted: what the greps look for exists.
    const shown = (JSON.parse((await program.run(['stack', 'export', '--show-secrets', '--stack', 'dev'])).stdout) as Exported).deployment.resources;
    for (const c of cases(round)) {
      const given = resourceOf(shown, c.name).inputs as Record<string, unknown>;
      const marked = JSON.stringify(c.args[c.key]).includes(c.marker);
      if (marked) assert.ok(JSON.stringify(given[c.key]).includes(c.marker), `the state holds ${c.name}'s ${c.key}`);
      else if (round === 1 && !JSON.stringify(c.args[c.key]).includes('$ref')) {
        assert.deepEqual(revealed(given[c.key]), c.args[c.key], `the state holds ${c.name}'s ${c.key}`);
      }
    }
  }

  before(async () => {
    ({ program, emulator } = await programAgainstEmulator({
      template: path.join('test', 'consumer', 'fixtures', 'secret-inputs'),
      dependencies: { 'pulumi-versori': `file:${await packedPackage()}`, '@pulumi/pulumi': TOOLCHAINS.lowestSdk },
      secrets: {},
    }));
    await program.setPlainConfig({ round: '1' });
  });
  after(async () => emulator?.stop());

  it('has a case for every input of every kind that can hold a secret', () => {
    for (const [kind, fields] of Object.entries(DECLARED) as Array<[ResourceKind, Record<string, unknown>]>) {
      const covered = [...fixture.SECRET_INPUTS[kind], ...Object.keys(NOT_CASES[kind])].sort();
      assert.deepEqual(covered, Object.keys(fields).sort(), `${kind}: every declared input has a case or a reason`);
    }
  });

  it('up: nothing secret in the output or the state', async () => {
    const up = await program.up([], { show: false });
    assertNoMarker('pulumi up', up.stdout + up.stderr, 1);
    assert.match(up.stdout, new RegExp(`${cases(1).length + 10} created`));
    await assertStateClean(1);
  });

  it('preview --diff and --json of a change to every input: old and new values hidden', async () => {
    await program.setPlainConfig({ round: '2' });
    const text = await program.preview(['--diff'], { show: false });
    const json = (await program.preview(['--json'], { show: false })).stdout;
    for (const round of [1, 2]) {
      assertNoMarker('pulumi preview --diff', text.stdout + text.stderr, round);
      assertNoMarker('pulumi preview --json', json, round);
      assertNoValue('pulumi preview --json', round, (name) => {
        const step = stepOf(json, name);
        return [step?.oldState?.inputs, step?.oldState?.outputs, step?.newState?.inputs, step?.newState?.outputs];
      });
    }
    const changed = cases(2).filter((c) => (stepOf(json, c.name)?.op ?? 'same') !== 'same');
    assert.ok(changed.length >= cases(2).length - 3, `the preview changes the cases (${changed.length} of ${cases(2).length})`);
  });

  it('up of the change, then refresh: nothing secret in the output or the state', async () => {
    const up = await program.up([], { show: false });
    const refresh = await program.refresh([], { show: false });
    for (const round of [1, 2]) assertNoMarker('pulumi up and refresh', up.stdout + up.stderr + refresh.stdout + refresh.stderr, round);
    await assertStateClean(2);
  });

  it('destroy: nothing secret in the output', async () => {
    const destroy = await program.destroy([], { show: false });
    assertNoMarker('pulumi destroy', destroy.stdout + destroy.stderr, 2);
    assert.match(destroy.stdout, /deleted/);
  });
});
