// examples/basic as a user's program folder: the packed tarball installed with npm, run by the bare Pulumi CLI, on
// the lowest Pulumi SDK we support with the machine's Node.js, and on the newest SDK and CLI with a current Node.js LTS.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { ProgramFolder } from '../../scripts/program-folder';
import {
  EmulatorProcess,
  packedPackage,
  programAgainstEmulator,
  tarballFiles,
  toolchain,
} from '../support/consumer';
import { lifecycleSteps } from './steps';
import TOOLCHAINS from './toolchains.json';

const EXPECTED = { connectors: 1, authSchemeConfigs: 2, connections: 2 };
const CHANGE = { key: 'connectorBaseUrl', value: 'https://api.example-crm.com/v3', property: 'baseUrl' };
const SECRETS = { apiKey: 'consumer-api-key', clientSecret: 'consumer-client-secret' };

interface Variant {
  title: string;
  sdk: string;
  nodeMajor?: number;
  cli?: string;
}

const VARIANTS: Variant[] = [
  { title: `the machine's Node.js, the lowest @pulumi/pulumi we support (${TOOLCHAINS.lowestSdk}), its CLI`, sdk: TOOLCHAINS.lowestSdk },
  {
    title: `Node.js ${TOOLCHAINS.currentNodeMajor}, the newest @pulumi/pulumi, CLI ${TOOLCHAINS.newestCli}`,
    sdk: 'latest',
    nodeMajor: TOOLCHAINS.currentNodeMajor,
    cli: TOOLCHAINS.newestCli,
  },
];

describe('consumer: npm, examples/basic as a program folder', function () {
  this.timeout(15 * 60_000);

  it('packs a tarball holding the built package and nothing only this repository uses', async () => {
    const files = await tarballFiles(await packedPackage());
    assert.ok(files.includes('package.json') && files.includes('README.md'));
    assert.ok(files.includes('dist/provider/index.js') && files.includes('dist/provider/dynamic-provider.js'));
    assert.ok(files.includes('dist/emulator/cli.js'), 'the emulator command');
    assert.ok(files.includes('dist/preview-summary/cli.js'), 'the preview summary command');
    const unexpected = files.filter((file) => !/^(package\.json|README\.md|LICENSE|docs\/[a-z-]+\.md|dist\/(api|provider|emulator|preview-summary|adopt)\/.+\.(js|d\.ts))$/.test(file));
    assert.deepEqual(unexpected, []);
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      peerDependencies: Record<string, string>;
    };
    assert.equal(manifest.peerDependencies['@pulumi/pulumi'], `^${TOOLCHAINS.lowestSdk}`, 'the lowest SDK tested is the lowest declared');
  });

  for (const variant of VARIANTS) {
    describe(`npm, ${variant.title}`, () => {
      let emulator: EmulatorProcess;
      let program: ProgramFolder;

      before(async () => {
        // The emulator as users run it: the command the package installs.
        ({ program, emulator } = await programAgainstEmulator({
          template: path.join('examples', 'basic'),
          dependencies: { 'pulumi-versori': `file:${await packedPackage()}`, '@pulumi/pulumi': variant.sdk },
          secrets: SECRETS,
          tools: await toolchain(variant),
        }));
      });
      after(async () => emulator?.stop());

      it('runs on the Node.js and @pulumi/pulumi it was meant to', async () => {
        const sdk = JSON.parse(fs.readFileSync(path.join(program.options.dir, 'node_modules/@pulumi/pulumi/package.json'), 'utf8')) as { version: string };
        if (variant.sdk !== 'latest') assert.equal(sdk.version, variant.sdk);
        else assert.ok(Number(sdk.version.split('.')[1]) >= 249, `newest SDK, got ${sdk.version}`);
        const { stdout } = await program.run(['version']);
        if (variant.cli) assert.equal(stdout.trim(), `v${variant.cli}`);
        const node = execFileSync('node', ['--version'], { env: program.env, encoding: 'utf8' }).trim();
        assert.equal(node, variant.nodeMajor ? node.replace(/^v\d+/, `v${variant.nodeMajor}`) : process.version);
      });

      lifecycleSteps({
        program: () => program,
        emulator: () => emulator,
        expected: EXPECTED,
        otherResources: 1,
        change: CHANGE,
        sourcePosition: /^project:\/\/\/index\.ts#\d+,\d+$/,
      });

      it('the packaged versori-preview-summary turns this CLI\'s preview JSON into a comment', async () => {
        const { stdout } = await program.preview(['--json'], { show: false });
        const command = path.join(program.options.dir, 'node_modules', '.bin', 'versori-preview-summary');
        const markdown = execFileSync(command, [], { input: stdout, env: program.env, encoding: 'utf8' });
        assert.equal(markdown.split('\n')[0], '**Pulumi preview of `dev`:** 6 to create');
        assert.match(markdown, /\*\*create\*\* Connection `crm-reporting`\n- `connectorId`: _unknown until apply_\n- `credentials\.action`: hidden \(secret\)/);
        assert.doesNotMatch(markdown, new RegExp(`${SECRETS.apiKey}|${SECRETS.clientSecret}|\\[secret\\]`));
      });
    });
  }
});
