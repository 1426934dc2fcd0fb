// versori-adopt's bad inputs: each is one line naming what is wrong, and nothing is written.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { ulid } from 'ulid';
import { VersoriClient } from '../../provider/client';
import { tempDir } from '../emulator/support';

const ROOT = path.resolve(__dirname, '..', '..');

/** Runs adopt/cli.ts, or the built command (`built`), which finds the package's version where a package has it. */
function adopt(args: string[], env: Record<string, string>, built = false): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VERSORI_')));
  const entry = built ? [path.join('dist', 'adopt', 'cli.js')] : ['-r', 'ts-node/register/transpile-only', 'adopt/cli.ts'];
  const child = spawn(process.execPath, [...entry, ...args], { cwd: ROOT, env: { ...inherited, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('adopt/cli', function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;
  before(async () => (emulator = await startEmulator()));
  after(async () => emulator?.close());
  const settings = () => ({ VERSORI_TOKEN: emulator.token, VERSORI_ORGANISATION_ID: emulator.organisationId, VERSORI_BASE_URL: emulator.baseUrl });

  it('--help documents every option', async () => {
    const run = await adopt(['--help'], {});
    assert.equal(run.code, 0);
    for (const option of ['--project', '--name-contains', '--tag', '--force', '--without-secrets']) assert.ok(run.stdout.includes(option), option);
  });

  it('--without-secrets writes the same folder twice, no secret to set, its README naming what is left unmanaged', async () => {
    const key = { id: ulid(), schemeType: 'api-key', description: 'key', name: 'X-Key', in: 'header' };
    const grant = { grantType: 'authorization_code', clientId: 'cid', clientSecret: 'held-grant-secret' };
    const oauth = { id: ulid(), schemeType: 'oauth2', description: 'oauth', authorizeUrl: 'https://a.example.com', tokenUrl: 'https://t.example.com', scopes: [], defaultScopes: [], grant };
    const credential = { name: 'prod key', type: 'string', data: { value: 'held-secret' } };
    const res = await fetch(`${emulator.baseUrl}/o/${emulator.organisationId}/protocols/http/connectors`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${emulator.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'CRM', baseUrl: 'https://api.example.com', authSchemeConfigs: [key, oauth], connections: [{ name: 'prod', variables: [], credentials: { action: [{ authSchemeConfig: key, credential }] } }] }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    const root = tempDir();
    const [first, second] = [path.join(root, 'a'), path.join(root, 'b')];
    for (const dir of [first, second]) {
      const run = await adopt([dir, '--project', 'org', '--without-secrets'], settings(), true);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /; 0 secrets to set, 2 left unmanaged /);
    }
    for (const file of ['index.ts', 'README.md']) assert.equal(fs.readFileSync(path.join(first, file), 'utf8'), fs.readFileSync(path.join(second, file), 'utf8'), file);
    const source = fs.readFileSync(path.join(first, 'index.ts'), 'utf8');
    assert.match(source, /type: "string",\n\s+unmanagedSecrets: true,\n\s+data: \{\},/);
    assert.doesNotMatch(source, /requireSecret|clientSecret|held-/);
    const readme = fs.readFileSync(path.join(first, 'README.md'), 'utf8');
    assert.doesNotMatch(readme, /^pulumi config set --secret (?!versori:token)/m);
    const unmanaged = readme.slice(readme.indexOf('## Secrets left unmanaged'));
    assert.match(unmanaged, /^- auth scheme config "oauth" \(oauth2\) of connector "CRM": the OAuth 2\.0 grant: `clientSecret`$/m);
    assert.match(unmanaged, /^- connection "prod" of connector "CRM": action credential "prod key" \(string\): `value`$/m);
    assert.match(unmanaged, /add its secret fields to `data`[\s\S]*remove `unmanagedSecrets: true`[\s\S]*previews no change/);
  });

  it('refuses wrong usage with exit 2: no folder, an unknown option, a tag without "=", a bad project name', async () => {
    for (const args of [[], ['a', 'b'], ['dir', '--bogus'], ['dir', '--tag', 'team'], ['dir', '--project', 'no spaces']]) {
      const run = await adopt(args, settings());
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /^versori-adopt: .+\nusage: versori-adopt DIR/, args.join(' '));
    }
  });

  it('names the missing setting, the refused token and the unreachable platform, and writes nothing', async () => {
    const dir = path.join(tempDir(), 'never-written');
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ ...settings(), VERSORI_TOKEN: '' }, /needs a token .* VERSORI_TOKEN/],
      [{ ...settings(), VERSORI_ORGANISATION_ID: '' }, /needs .*an organisation .* VERSORI_ORGANISATION_ID/],
      [{ ...settings(), VERSORI_TOKEN: 'wrong' }, /did not accept the token .*401/],
      [{ ...settings(), VERSORI_BASE_URL: `http://127.0.0.1:${await closedPort()}/api/connect/v1`, VERSORI_MAX_RETRIES: '0' }, /ECONNREFUSED|could not reach|connect/i],
    ];
    for (const [env, expected] of cases) {
      const run = await adopt([dir], env);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, expected);
      assert.equal(run.stderr.trim().split('\n').filter((line) => !/read \d+ connectors/.test(line)).length, 1, run.stderr);
      assert.equal(fs.existsSync(dir), false, 'nothing written');
    }
    assert.deepEqual(fs.readdirSync(path.dirname(dir)), [], 'no staging folder left behind');
  });

  it('--split-by-tag writes a project per value, one for the untagged and DIR/README.md; an empty key is wrong usage', async () => {
    const help = await adopt(['--help'], {});
    assert.match(help.stdout, /--split-by-tag KEY/);
    assert.equal((await adopt(['dir', '--split-by-tag', ''], settings())).code, 2);
    const client = new VersoriClient({ token: emulator.token, organisationId: emulator.organisationId, baseUrl: emulator.baseUrl });
    for (const [name, team] of [['Split CRM A', 'crm'], ['Split CRM B', 'crm'], ['Split Shared', undefined]]) {
      await client.createHttpConnector({ name: name as string, baseUrl: 'https://x.example.com', ...(team !== undefined && { tags: { team } }), authSchemeConfigs: [], connections: [] }, 'c');
    }
    const dir = path.join(tempDir(), 'split');
    const run = await adopt([dir, '--project', 'org', '--name-contains', 'split ', '--split-by-tag', 'team'], settings());
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['README.md', 'crm', 'without-team']);
    assert.match(fs.readFileSync(path.join(dir, 'crm', 'Pulumi.yaml'), 'utf8'), /^name: org-crm\n/);
    assert.match(run.stderr, /read the versions of 3 of 3 connectors \(1 requests\)/);
    assert.match(run.stderr, /wrote .*split: 2 projects split by tag team: crm \(2 connectors, 0 secrets\), without-team \(1 connectors, 0 secrets\) \(see its README\.md\); 2 requests\n$/);
  });
});
