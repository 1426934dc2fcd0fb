import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as dynamicProviders from '../../provider/dynamic-provider';
import { checkImportedAddress, childOfImport, providerSource, registrationOf, ResourceKind } from '../../provider/dynamic';
import { handlers } from '../../provider/handlers';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const KINDS = Object.keys(handlers) as ResourceKind[];
const METHODS = ['check', 'diff', 'create', 'read', 'update', 'delete'] as const;

/** Evaluates a kind's `__provider` text as Pulumi's dynamic-provider host does, in a fresh process whose cwd is `cwd`. */
function loadProviderIn(cwd: string, kind: ResourceKind): { methods: string[] } | { error: string } {
  const host = `
    const requireFromString = require(${JSON.stringify(require.resolve('require-from-string'))});
    try {
      const provider = requireFromString(process.env.SOURCE).handler();
      process.stdout.write(JSON.stringify({ methods: Object.keys(provider).sort() }));
    } catch (error) {
      process.stdout.write(JSON.stringify({ error: String(error && error.message) }));
    }`;
  const output = execFileSync(process.execPath, ['-e', host], { cwd, env: { ...process.env, SOURCE: providerSource(kind) }, encoding: 'utf8' });
  return JSON.parse(output) as { methods: string[] } | { error: string };
}

/** A scratch folder with `pulumi-versori` linked at `relativeLink` (this checkout standing in for the package). */
function layout(relativeLink: string | undefined): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'versori-layout-')));
  if (relativeLink !== undefined) {
    const link = path.join(root, relativeLink, 'pulumi-versori');
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(REPO_ROOT, link, 'dir');
  }
  return root;
}

describe('provider/dynamic', () => {
  it('registration sets the import option as the adoption input on a copy, leaving the props it was given alone', () => {
    const props = { name: 'crm', adoptId: undefined };
    const registered = registrationOf(props, { import: '01J0000000000000000000000A', protect: true }, { input: 'adoptId' }, ['secret']);
    assert.deepEqual(props, { name: 'crm', adoptId: undefined });
    assert.deepEqual(registered.props, { name: 'crm', adoptId: '01J0000000000000000000000A' });
    assert.deepEqual(registered.opts, { protect: true, additionalSecretOutputs: ['secret'] });
  });

  const scratch: string[] = [];
  after(() => scratch.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('writes a __provider text of at most 400 bytes holding no path, secret or version', () => {
    process.env.VERSORI_TOKEN = 'token-that-must-not-be-captured';
    try {
      for (const kind of KINDS) {
        const text = providerSource(kind);
        assert.ok(text.length <= 400, `${kind}: ${text.length} bytes`);
        assert.match(text, new RegExp(`\\.${kind}}$`));
        assert.doesNotMatch(text, /token-that-must-not-be-captured|Bearer|\/(root|home|tmp|work)\//);
        assert.doesNotMatch(text, /\d+\.\d+\.\d+/, 'no version in the text, so an upgrade keeps it');
        assert.equal(providerSource(kind), text, 'the same text every time, so state does not change between runs');
      }
    } finally {
      delete process.env.VERSORI_TOKEN;
    }
  });

  it('loads the provider of each kind where npm installs the package (the program folder, or a parent)', function () {
    this.timeout(20000);
    const root = layout('node_modules');
    scratch.push(root);
    const nested = path.join(root, 'stacks', 'prod');
    fs.mkdirSync(nested, { recursive: true });
    for (const kind of KINDS) {
      assert.deepEqual(loadProviderIn(root, kind), { methods: ['check', 'configure', 'create', 'delete', 'diff', 'read', 'update'] });
    }
    assert.deepEqual(loadProviderIn(nested, 'connection'), loadProviderIn(root, 'connection'));
  });

  it("loads it from pnpm's hidden hoisting folder, when the program reaches the package only through another one", function () {
    this.timeout(20000);
    const root = layout(path.join('node_modules', '.pnpm', 'node_modules'));
    scratch.push(root);
    const workspacePackage = path.join(root, 'packages', 'app');
    fs.mkdirSync(workspacePackage, { recursive: true });
    assert.ok('methods' in loadProviderIn(root, 'connector'));
    assert.ok('methods' in loadProviderIn(workspacePackage, 'authSchemeConfig'), 'a pnpm workspace package');
  });

  it('says what to install, without a require stack, when the package cannot be found', function () {
    this.timeout(20000);
    const root = layout(undefined);
    scratch.push(root);
    const result = loadProviderIn(root, 'connector');
    assert.ok('error' in result);
    assert.equal(
      result.error,
      `Cannot load pulumi-versori for the Pulumi program in ${root}: add pulumi-versori to its dependencies`,
    );
  });

  it('exports one provider per kind from the entry point the text loads, each calling that kind\'s lifecycle', () => {
    for (const kind of KINDS) {
      const provider = dynamicProviders[kind];
      assert.equal(typeof provider.configure, 'function', `${kind}.configure`);
      for (const method of METHODS) {
        assert.equal(typeof provider[method], 'function', `${kind}.${method}`);
        assert.equal(typeof handlers[kind][method], 'function', `${kind} lifecycle .${method}`);
      }
    }
  });

  it("loads a kind's code on its first call, and never the resource classes or @pulumi/pulumi for connectors", () => {
    const entry = path.join(REPO_ROOT, 'dist', 'provider', 'dynamic-provider.js');
    const host = `
      const loaded = () => Object.keys(require.cache)
        .map((file) => file.includes('@pulumi/pulumi') ? '@pulumi/pulumi' : require('path').relative(${JSON.stringify(path.dirname(entry))}, file))
        .filter((file, i, all) => all.indexOf(file) === i && !file.startsWith('..'));
      const providers = require(${JSON.stringify(entry)});
      const atLoad = loaded();
      providers.connector.check({}, { name: 'crm', baseUrl: 'https://api.example.com' }).then((result) => {
        process.stdout.write(JSON.stringify({ atLoad, afterCheck: loaded(), failures: result.failures }));
      });`;
    const { atLoad, afterCheck, failures } = JSON.parse(execFileSync(process.execPath, ['-e', host], { encoding: 'utf8' })) as Record<string, unknown[]>;
    const kindFolders = (files: unknown[]): unknown[] => files.filter((file) => String(file).includes(path.sep));
    assert.deepEqual(kindFolders(atLoad), []);
    const connectorCode = kindFolders(afterCheck).map(String).sort();
    assert.ok(connectorCode.includes(path.join('connector', 'lifecycle.js')), `the connector's lifecycle was loaded: ${connectorCode.join(', ')}`);
    assert.deepEqual(connectorCode.filter((file) => !file.startsWith(`connector${path.sep}`) || file.endsWith('resource.js')), []);
    assert.deepEqual(failures, []);
    assert.ok(!afterCheck.includes('@pulumi/pulumi'), `@pulumi/pulumi was loaded: ${afterCheck.join(', ')}`);
  });

  it('refuses an import id whose connector is not the declared connectorId, instead of re-targeting it', () => {
    const connector = '01HF3Z6Q8W9V2T5K7M4N0PXYZB';
    const other = '01HF3Z6Q8W9V2T5K7M4N0PXYZD';
    const child = '01HF3Z6Q8W9V2T5K7M4N0PXYZC';
    assert.equal(childOfImport(`${connector}/${child}`, 'connection', connector), child);
    assert.equal(childOfImport(`${connector.toLowerCase()}/${child}`, 'connection', connector), child);
    assert.throws(
      () => childOfImport(`${other}/${child}`, 'authSchemeConfig', connector),
      new RegExp(`import id "${other}/${child}" names connector ${other}, but the authSchemeConfig's connectorId is ${connector}`),
    );
  });

  it('takes the import id of an object its inputs address only when it names that object, naming both otherwise', () => {
    const connector = '01HF3Z6Q8W9V2T5K7M4N0PXYZB';
    const keys = ['connectorId', 'versionName', 'name'];
    assert.equal(checkImportedAddress(`${connector.toLowerCase()}/1.0/product`, 'Definition', keys, [connector, '1.0', 'product']), true);
    assert.throws(
      () => checkImportedAddress(`${connector}/2.0/product`, 'Definition', keys, [connector, '1.0', 'product']),
      (error: Error) =>
        error.message ===
        `The import id "${connector}/2.0/product" names connectorId "${connector}", versionName "2.0", name "product", but the ` +
          `Definition's inputs name connectorId "${connector}", versionName "1.0", name "product": give the import id of the ` +
          'object these inputs name ("<connectorId>/<versionName>/<name>"), or set the inputs to the object the import id names',
    );
    assert.throws(() => checkImportedAddress(`${connector}/1.0/Product`, 'Action', keys, [connector, '1.0', 'product']), /names .* name "Product", but the Action's inputs/);
    assert.throws(() => checkImportedAddress(`${connector}/1.0`, 'Trigger', keys, [connector, '1.0', 'x']), /A Trigger import id has the form "<connectorId>\/<versionName>\/<name>", got/);
    assert.throws(() => checkImportedAddress(`${connector}/`, 'ConnectorVersion', ['connectorId', 'name'], [connector, '1.0']), /has the form "<connectorId>\/<name>"/);
    const other = '01HF3Z6Q8W9V2T5K7M4N0PXYZD';
    assert.throws(
      () => checkImportedAddress(`${other}/1.0`, 'ConnectorVersionPublication', ['connectorId', 'versionName'], [connector, '1.0']),
      new RegExp(`names connectorId "${other}", versionName "1.0", but the ConnectorVersionPublication's inputs name connectorId "${connector}"`),
    );
  });
});
