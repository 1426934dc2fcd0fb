import { strict as assert } from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { exited, exitedWithin, runCli, startCli } from './cli-support';
import { nestedObjectText, newUlid, tempDir } from './support';

describe('emulator CLI', function () {
  this.timeout(20_000);
  const children: ChildProcess[] = [];
  after(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('prints one line with base URL and organisation (never the token), serves the API, and stops cleanly on SIGTERM', async () => {
    const organisation = newUlid();
    const dataFile = path.join(tempDir(), 'cli-store.json');
    const started = await startCli(['--port', '0', '--organisation', organisation, '--token', 'cli-token', '--data', dataFile]);
    children.push(started.child);
    const [, baseUrl, , org, tokenFile] = started.match;
    assert.equal(org, organisation);
    assert.equal(tokenFile, undefined);
    assert.ok(!started.lines.join('\n').includes('cli-token'), 'the token is not printed');
    const headers = { authorization: 'Bearer cli-token', 'content-type': 'application/json' };
    const created = await fetch(`${baseUrl}/o/${organisation}/protocols/http/connectors`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'from-cli', baseUrl: 'https://x.example.com', authSchemeConfigs: [], connections: [] }),
    });
    assert.equal(created.status, 201);
    const id = ((await created.json()) as { id: string }).id;
    const unauthorised = await fetch(`${baseUrl}/o/${organisation}/connectors`);
    assert.equal(unauthorised.status, 401);

    started.child.kill('SIGTERM');
    assert.deepEqual(await exited(started.child), { code: 0, signal: null });
    assert.equal(started.lines.filter((l) => l !== '').length, 1, 'exactly one line on stdout');
    assert.ok(readFileSync(dataFile, 'utf8').includes(id), 'the store is flushed before exit');
  });

  it('picks a random organisation and token when not given, the token in a file only its owner reads, and stops on SIGINT', async () => {
    const started = await startCli(['--port', '0']);
    children.push(started.child);
    const [, baseUrl, , org, tokenFile] = started.match;
    assert.match(String(org), /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
    assert.equal(statSync(tokenFile).mode & 0o777, 0o600);
    assert.equal(statSync(path.dirname(tokenFile)).mode & 0o777, 0o700);
    const token = readFileSync(tokenFile, 'utf8').trim();
    assert.ok(token.length >= 16);
    assert.ok(!started.lines.join('\n').includes(token), 'the token is not printed');
    const res = await fetch(`${baseUrl}/o/${org}/connectors`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    started.child.kill('SIGINT');
    assert.deepEqual(await exited(started.child), { code: 0, signal: null });
  });

  it('takes the token from VERSORI_EMULATOR_TOKEN or the first line of --token-file', async () => {
    const file = path.join(tempDir(), 'token');
    writeFileSync(file, 'file-token\n', { mode: 0o600 });
    for (const [args, env, token] of [[['--port', '0'], { VERSORI_EMULATOR_TOKEN: 'env-token' }, 'env-token'], [['--port', '0', '--token-file', file], {}, 'file-token']] as const) {
      const started = await startCli([...args], env);
      children.push(started.child);
      const [, baseUrl, , org, tokenFile] = started.match;
      assert.equal(tokenFile, undefined);
      const res = await fetch(`${baseUrl}/o/${org}/connectors`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200, token);
      started.child.kill('SIGTERM');
      await exited(started.child);
    }
  });

  it('refuses a host that is not loopback unless --allow-non-loopback, and then warns', async () => {
    const refused = runCli(['--port', '0', '--host', '0.0.0.0', '--token', 't']);
    children.push(refused);
    let stderr = '';
    refused.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    assert.equal((await exited(refused)).code, 1);
    assert.match(stderr, /0\.0\.0\.0 is not a loopback address.*--allow-non-loopback/);
    const allowed = runCli(['--port', '0', '--host', '0.0.0.0', '--allow-non-loopback', '--token', 't']);
    children.push(allowed);
    const warning = await new Promise<string>((resolve) => allowed.stderr?.on('data', (chunk: Buffer) => resolve(chunk.toString())));
    assert.match(warning, /warning: listening on 0\.0\.0\.0 over plain HTTP/);
    allowed.kill('SIGTERM');
    await exited(allowed);
  });

  it('exits 2 on an unknown flag or a log size that is not a number, and 1 on an organisation that is not a ULID', async () => {
    const runs = [['--bogus'], ['--request-log-max-bytes', '64k'], ['--port', '0', '--organisation', 'not-a-ulid']].map((args) => runCli(args));
    children.push(...runs);
    const codes = await Promise.all(runs.map(async (child) => (await exited(child)).code));
    assert.deepEqual(codes, [2, 2, 1]);
  });

  describe('with --data', () => {
    const postConnector = (baseUrl: string, organisation: string, body: string): Promise<Response> =>
      fetch(`${baseUrl}/o/${organisation}/protocols/http/connectors`, {
        method: 'POST',
        headers: { authorization: 'Bearer cli-token', 'content-type': 'application/json' },
        body,
      });
    const connectorBody = (name: string, tagsText = '{}'): string =>
      `{"name":${JSON.stringify(name)},"baseUrl":"https://x.example.com","authSchemeConfigs":[],"connections":[],"tags":${tagsText}}`;

    it('refuses a body nested 10,000 deep, keeps saving later changes, and stops promptly on SIGTERM', async () => {
      const organisation = newUlid();
      const dataFile = path.join(tempDir(), 'store.json');
      const started = await startCli(['--port', '0', '--organisation', organisation, '--token', 'cli-token', '--data', dataFile]);
      children.push(started.child);
      const [, baseUrl] = started.match;
      const deep = await postConnector(String(baseUrl), organisation, connectorBody('deep', nestedObjectText(10_000)));
      assert.equal(deep.status, 400);
      const ids: string[] = [];
      for (const name of ['after-1', 'after-2']) {
        const created = await postConnector(String(baseUrl), organisation, connectorBody(name));
        assert.equal(created.status, 201);
        ids.push(((await created.json()) as { id: string }).id);
      }
      started.child.kill('SIGTERM');
      assert.deepEqual(await exitedWithin(started.child, 5000), { code: 0, signal: null });
      const saved = readFileSync(dataFile, 'utf8');
      for (const id of ids) assert.ok(saved.includes(id), `connector ${id} reached the data file`);
      assert.ok(!saved.includes('"deep"'), 'the refused connector was never stored');
    });

    it('exits 1 on SIGTERM, saying why, when the data file can no longer be written', async () => {
      const organisation = newUlid();
      const dir = tempDir();
      const started = await startCli(['--port', '0', '--organisation', organisation, '--token', 'cli-token', '--data', path.join(dir, 'store.json')]);
      children.push(started.child);
      let stderr = '';
      started.child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const [, baseUrl] = started.match;
      rmSync(dir, { recursive: true, force: true });
      assert.equal((await postConnector(String(baseUrl), organisation, connectorBody('unsaved'))).status, 201);
      started.child.kill('SIGTERM');
      assert.deepEqual(await exitedWithin(started.child, 5000), { code: 1, signal: null });
      assert.match(stderr, /could not save the store to .*store\.json/);
    });
  });
});

