// `versori-adopt` as users run it: an organisation made outside the new program (by examples/basic and
// examples/versions; the catalog connector has a category, the CRM connector none), read by the command the packed
// package installed, its program folder installed as a user installs one and run by the bare CLI: the program declares
// the category, the first `up` sends no mutating request, `preview --expect-no-changes` passes, and one edit is one
// update; written with --without-secrets, the same with no secret set, and the credentials the platform holds are never
// overwritten.
import { strict as assert } from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import type { StoreData } from '../../emulator/store';
import type { ProgramFolder } from '../../scripts/program-folder';
import {
  configuredProgram,
  copyTemplate,
  EmulatorProcess,
  install,
  packedPackage,
  pinDependencies,
  programAgainstEmulator,
  toolEnv,
  type Toolchain,
} from '../support/consumer';
import TOOLCHAINS from './toolchains.json';

const run = promisify(execFile);

/** Each credential the emulator holds, by id, with its data whole (secrets included): its admin view of the store. */
async function heldCredentials(emulator: EmulatorProcess): Promise<Record<string, { name: string; data: Record<string, unknown> }>> {
  const { baseUrl, token, organisationId } = emulator.target;
  const res = await fetch(`${new URL(baseUrl).origin}/_emulator/store`, { headers: { Authorization: `Bearer ${token}` } });
  const store = (await res.json()) as StoreData;
  return store.organisations[organisationId].credentials;
}

/** The secret keys the generated README asks to set. */
function secretKeys(readme: string): string[] {
  return [...readme.matchAll(/^pulumi config set --secret (\S+) +# /gm)].map((m) => m[1]);
}

describe('consumer: versori-adopt writes a program whose first up changes nothing', function () {
  this.timeout(15 * 60_000);
  let emulator: EmulatorProcess;
  let seed: ProgramFolder;
  let tools: Toolchain;
  let adoptCommand: string;
  const adopt = (args: string[]) =>
    run(adoptCommand, args, {
      env: {
        ...toolEnv(tools, {}),
        VERSORI_TOKEN: emulator.target.token,
        VERSORI_ORGANISATION_ID: emulator.target.organisationId,
        VERSORI_BASE_URL: emulator.target.baseUrl,
      },
    });

  before(async () => {
    ({ program: seed, emulator, tools } = await programAgainstEmulator({
      template: path.join('examples', 'basic'),
      dependencies: { 'pulumi-versori': `file:${await packedPackage()}`, '@pulumi/pulumi': TOOLCHAINS.lowestSdk },
      secrets: { apiKey: 'seed-api-key', clientSecret: 'seed-client-secret' },
    }));
    await seed.up([], { show: false });
    // A second project made a published connector version with definitions, actions and a trigger.
    const versions = copyTemplate(path.join('examples', 'versions'), path.join(path.dirname(seed.options.dir), 'versions'));
    pinDependencies(versions, { 'pulumi-versori': `file:${await packedPackage()}`, '@pulumi/pulumi': TOOLCHAINS.lowestSdk });
    await install(versions, 'npm', tools);
    await (await configuredProgram(versions, tools, emulator, {})).up([], { show: false });
    adoptCommand = path.join(seed.options.dir, 'node_modules', '.bin', 'versori-adopt');
  });
  after(async () => emulator?.stop());

  it('writes the same folder twice, byte for byte, and refuses a non-empty folder without --force', async () => {
    const root = path.dirname(seed.options.dir);
    const first = path.join(root, 'adopted-a');
    const second = path.join(root, 'adopted-b');
    const { stderr } = await adopt([first, '--project', 'adopted']);
    // 6 to read the objects; 1 list of the connectors in any category and, as one has some, 12 lists, one per category.
    assert.match(stderr, /wrote .*: 2 connectors, 2 auth scheme configs, 2 connections, 1 connector versions, 2 definitions, 2 actions, 1 triggers, 1 publications; \d+ secrets to set .*; 19 requests/);
    const source = fs.readFileSync(path.join(first, 'index.ts'), 'utf8');
    assert.match(source, /name: "Example Catalog",\n {2}baseUrl: "https:\/\/api\.example-catalog\.com\/v1",\n {2}categories: \["eCommerce"\],\n\}/);
    assert.equal(source.match(/categories:/g)?.length, 1, 'the CRM connector has none');
    await adopt([second, '--project', 'adopted']);
    for (const file of ['Pulumi.yaml', 'package.json', 'tsconfig.json', 'index.ts', 'README.md']) {
      assert.equal(fs.readFileSync(path.join(first, file), 'utf8'), fs.readFileSync(path.join(second, file), 'utf8'), file);
    }
    await assert.rejects(adopt([first]), (error: { code: number; stderr: string }) => error.code === 1 && /is not empty: .* --force/.test(error.stderr));
    await adopt([first, '--project', 'adopted', '--force']);
  });

  it('the first up of the generated program adopts everything with no mutating request; then no changes; one edit is one update', async () => {
    const dir = path.join(path.dirname(seed.options.dir), 'adopted');
    await adopt([dir]);
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    pinDependencies(dir, { 'pulumi-versori': `file:${await packedPackage()}`, '@pulumi/pulumi': TOOLCHAINS.lowestSdk });
    await install(dir, 'npm', tools);
    await run(path.join(dir, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', dir]);
    const secrets = Object.fromEntries(secretKeys(readme).map((key) => [key, `adopted-${key}`]));
    assert.ok(Object.keys(secrets).length >= 2, `the README names the connections' secrets:\n${readme}`);
    const program = await configuredProgram(dir, tools, emulator, secrets);
    const mark = emulator.requests().length;
    const up = await program.up([], { show: false });
    assert.match(up.stdout, /\+ 14 created/, 'the stack and the thirteen objects, adopted');
    assert.deepEqual(emulator.mutatingRequestsSince(mark), [], 'adopting writes nothing');
    await program.preview(['--expect-no-changes'], { show: false });
    const index = path.join(dir, 'index.ts');
    fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('https://api.example-crm.com/v2', 'https://api.example-crm.com/v3'));
    const edit = emulator.requests().length;
    const updated = await program.up([], { show: false });
    assert.match(updated.stdout, /1 updated/);
    assert.deepEqual(emulator.mutatingRequestsSince(edit).map((r) => r.method), ['PUT']);
    // The secret set at adoption is recorded as given: a change of it is seen at once, as a replacement.
    const connectionSecret = Object.keys(secrets).find((key) => /Action0Value$/.test(key)) ?? '';
    await program.setConfig(connectionSecret, 'changed-after-adoption', { secret: true });
    assert.match((await program.preview([], { show: false })).stdout, /1 to replace/);
  });

  it('--without-secrets: with no secret set, the first up writes nothing; an edit is one PUT; a replacement fails at preview; the held credentials stay', async () => {
    const held = await heldCredentials(emulator);
    const seeded = Object.values(held).filter((c) => ['crm-reporting-key', 'crm-sync-client'].includes(c.name));
    assert.deepEqual(seeded.map((c) => c.data.value ?? c.data.clientSecret).sort(), ['seed-api-key', 'seed-client-secret']);
    const dir = path.join(path.dirname(seed.options.dir), 'adopted-without-secrets');
    await adopt([dir, '--without-secrets']);
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    assert.deepEqual(secretKeys(readme), []);
    assert.match(readme, /## Secrets left unmanaged\n[\s\S]*"crm-reporting-key" \(string\): `value`/);
    pinDependencies(dir, { 'pulumi-versori': `file:${await packedPackage()}`, '@pulumi/pulumi': TOOLCHAINS.lowestSdk });
    await install(dir, 'npm', tools);
    await run(path.join(dir, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', dir]);
    const program = await configuredProgram(dir, tools, emulator, {});
    const mark = emulator.requests().length;
    const up = await program.up([], { show: false });
    assert.match(up.stdout, /\+ 14 created/);
    assert.deepEqual(emulator.mutatingRequestsSince(mark), [], 'adopting writes nothing');
    await program.preview(['--expect-no-changes'], { show: false });
    const index = path.join(dir, 'index.ts');
    const source = fs.readFileSync(index, 'utf8');
    assert.equal(source.split('value: "200"').length, 2, 'one batchSize variable to edit');
    fs.writeFileSync(index, source.replace('value: "200"', 'value: "500"'));
    const edit = emulator.requests().length;
    const updated = await program.up([], { show: false });
    assert.match(updated.stdout, /1 updated/);
    const sent = emulator.mutatingRequestsSince(edit);
    assert.deepEqual(sent.map((r) => `${r.method} ${/\/connections\//.test(r.path) ? 'connection' : r.path}`), ['PUT connection']);
    assert.doesNotMatch(JSON.stringify(sent[0].requestBody), /"data"|"credential"/);
    const renamed = fs.readFileSync(index, 'utf8').replace('name: "crm-reporting-key"', 'name: "crm-reporting-key-2"');
    fs.writeFileSync(index, renamed);
    const refusal = await program.preview([], { show: false, allowFailure: true });
    assert.notEqual(refusal.code, 0);
    assert.match(refusal.stdout + refusal.stderr, /credentials\.action\[0\]\.credential\.name would replace the connection, but .* is unmanaged/);
    assert.deepEqual(await heldCredentials(emulator), held, 'every credential as it was');
  });
});
