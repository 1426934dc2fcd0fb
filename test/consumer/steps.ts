// The steps every consumer scenario takes through the bare CLI, in order: up, a no-change up, a previewed change,
// refresh, destroy. Each step asserts on the CLI's output and on the platform, read back from the emulator.
import { strict as assert } from 'assert';
import type { ProgramFolder } from '../../scripts/program-folder';
import type { EmulatorProcess } from '../support/consumer';

export interface Expected {
  connectors: number;
  authSchemeConfigs: number;
  connections: number;
}

export interface LifecycleScenario {
  program(): ProgramFolder;
  emulator(): EmulatorProcess;
  expected: Expected;
  /** Resources in the stack besides ours: the stack itself, components. */
  otherResources: number;
  /** A config value whose change previews as an update of one connector property. */
  change: { key: string; value: string; property: string };
  /**
   * What every resource's source position must be, when the program declares them itself. (For resources a component
   * package installed with pnpm declares, the state held none in our runs.)
   */
  sourcePosition?: RegExp;
}

/** What examples/component/consumer declares, and a config change that updates its connector. */
export const COMPONENT_STACK = {
  expected: { connectors: 1, authSchemeConfigs: 2, connections: 2 },
  otherResources: 2, // the stack and the CrmIntegration component
  change: { key: 'crmBaseUrl', value: 'https://api.example-crm.com/v3', property: 'baseUrl' },
};

export function lifecycleSteps(scenario: LifecycleScenario): void {
  const ours = scenario.expected.connectors + scenario.expected.authSchemeConfigs + scenario.expected.connections;
  const all = ours + scenario.otherResources;

  it('up creates every resource on the platform', async () => {
    await scenario.program().up();
    assert.deepEqual(await scenario.emulator().counts(), scenario.expected);
    const update = await scenario.program().lastUpdate();
    assert.equal(update.resourceChanges.create, all);
  });

  it("records each resource's source position in the code that declared it, not in pulumi-versori", async () => {
    const resources = (await scenario.program().exportState()).deployment.resources ?? [];
    const positions = resources.filter((r) => String(r.type).startsWith('pulumi-nodejs:dynamic/versori:')).map((r) => String(r.sourcePosition));
    assert.equal(positions.length, ours);
    for (const position of positions) {
      assert.doesNotMatch(position, /pulumi-versori|\/dist\/provider\//);
      if (scenario.sourcePosition !== undefined) assert.match(position, scenario.sourcePosition);
    }
  });

  it('a second up changes nothing and sends no mutating request', async () => {
    const mark = scenario.emulator().requests().length;
    const { stdout } = await scenario.program().up();
    assert.match(stdout, new RegExp(`${all} unchanged`));
    assert.deepEqual(scenario.emulator().mutatingRequestsSince(mark), []);
    assert.equal((await scenario.program().lastUpdate()).resourceChanges.update, undefined);
  });

  it('preview --diff shows a changed config value as an update of that property, and changes nothing', async () => {
    const { key, value, property } = scenario.change;
    const mark = scenario.emulator().requests().length;
    await scenario.program().setConfig(key, value);
    try {
      const { stdout } = await scenario.program().preview(['--diff']);
      assert.match(stdout, /~ pulumi-nodejs:dynamic\/versori:Connector: \(update\)/);
      assert.match(stdout, new RegExp(`~ ${property}\\s*: "[^"]*" => "${value.replace(/[.]/g, '\\.')}"`));
      assert.match(stdout, /~ 1 to update/);
    } finally {
      await scenario.program().removeConfig(key);
    }
    assert.deepEqual(scenario.emulator().mutatingRequestsSince(mark), []);
  });

  it('refresh reads every resource back and finds no drift', async () => {
    const mark = scenario.emulator().requests().length;
    await scenario.program().refresh();
    const update = await scenario.program().lastUpdate();
    assert.equal(update.kind, 'refresh');
    assert.equal(update.resourceChanges.update, undefined, 'no drift');
    assert.deepEqual(scenario.emulator().mutatingRequestsSince(mark), []);
    assert.ok(scenario.emulator().requests().length - mark >= ours, 'each resource was read');
  });

  it('destroy leaves the platform empty', async () => {
    await scenario.program().destroy();
    assert.deepEqual(await scenario.emulator().counts(), { connectors: 0, authSchemeConfigs: 0, connections: 0 });
    assert.equal((await scenario.program().lastUpdate()).resourceChanges.delete, all);
  });
}
