// What the emulator keeps private and how long it lets a client hold it: its data file and request log are readable by
// their owner only and never written through a link; secrets a client sends are never logged, whatever their shape;
// a request trickled in is cut off; only loopback hosts unless asked; the token is compared in constant time.
import { strict as assert } from 'node:assert';
import { lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { carriesToken } from '../../emulator/app';
import { newUlid, tempDir } from './support';

const modeOf = (file: string) => statSync(file).mode & 0o777;

async function postConnector(emulator: RunningEmulator, body: unknown): Promise<number> {
  const response = await fetch(`${emulator.baseUrl}/o/${emulator.organisationId}/protocols/http/connectors`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emulator.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.status;
}

describe('emulator hardening', function () {
  this.timeout(20_000);
  const running: RunningEmulator[] = [];
  const start = async (options: Parameters<typeof startEmulator>[0]) => {
    const emulator = await startEmulator(options);
    running.push(emulator);
    return emulator;
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((emulator) => emulator.close()));
  });

  it('writes --data and --request-log files readable by their owner only', async () => {
    const dir = tempDir();
    const dataFile = path.join(dir, 'store.json');
    const requestLogFile = path.join(dir, 'requests.jsonl');
    writeFileSync(requestLogFile, '', { mode: 0o644 });
    const emulator = await start({ dataFile, requestLogFile, organisationId: newUlid() });
    assert.equal(await postConnector(emulator, { name: 'private', baseUrl: 'https://x.example.com', authSchemeConfigs: [], connections: [] }), 201);
    await emulator.close();
    assert.equal(modeOf(dataFile), 0o600);
    assert.equal(modeOf(requestLogFile), 0o600, 'an existing log is made private too');
    assert.deepEqual(readdirSync(dir).sort(), ['requests.jsonl', 'store.json'], 'no temp file left');
  });

  it('never writes through a link planted at the data file or the request log', async () => {
    const dir = tempDir();
    const planted = path.join(dir, 'attacker-owned');
    writeFileSync(planted, 'untouched');
    const dataFile = path.join(dir, 'store.json');
    const requestLogFile = path.join(dir, 'requests.jsonl');
    symlinkSync(planted, requestLogFile);
    await assert.rejects(start({ requestLogFile }), /ELOOP/);
    const emulator = await start({ dataFile, organisationId: newUlid() });
    symlinkSync(planted, dataFile);
    assert.equal(await postConnector(emulator, { name: 'linked', baseUrl: 'https://x.example.com', authSchemeConfigs: [], connections: [] }), 201);
    await emulator.close();
    assert.equal(readFileSync(planted, 'utf8'), 'untouched');
    assert.ok(!lstatSync(dataFile).isSymbolicLink(), 'the store replaced the link with a file of its own');
    assert.equal(modeOf(dataFile), 0o600);
  });

  it('logs no secret of a credential whose data is not an object, nor any client secret', async () => {
    const requestLogFile = path.join(tempDir(), 'requests.jsonl');
    const emulator = await start({ requestLogFile, organisationId: newUlid() });
    const connection = (data: unknown) => ({
      name: 'c', authSchemeConfigs: [], baseUrl: 'https://x.example.com',
      connections: [{ name: 'c', credentials: { action: [{ credential: { name: 'k', type: 'string', data } }] } }],
    });
    for (const data of ['text-secret-1', ['array-secret-2'], 42424242]) assert.equal(await postConnector(emulator, connection(data)), 400);
    const grant = { grant: { clientId: 'x', clientSecret: 'grant-secret-3' } };
    assert.equal(await postConnector(emulator, { name: 'g', baseUrl: 'https://x.example.com', connections: [], authSchemeConfigs: [grant] }), 400);
    const log = readFileSync(requestLogFile, 'utf8');
    assert.equal(log.trim().split('\n').length, 4, 'every request was logged');
    for (const secret of ['text-secret-1', 'array-secret-2', '42424242', 'grant-secret-3']) assert.ok(!log.includes(secret), `${secret} in the log`);
  });

  it('closes a socket whose request is trickled in, with or without a token', async () => {
    const emulator = await start({ requestTimeoutMs: 1_000 });
    for (const authorization of [`Bearer ${emulator.token}`, 'Bearer wrong']) {
      const socket = net.connect(emulator.port, '127.0.0.1');
      const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
      socket.on('error', () => undefined);
      const started = Date.now();
      socket.write(
        `POST /api/connect/v1/o/${emulator.organisationId}/protocols/http/connectors HTTP/1.1\r\nHost: x\r\n` +
          `Authorization: ${authorization}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`,
      );
      const trickle = setInterval(() => socket.writable && socket.write(' '), 200);
      const at = await Promise.race([closed, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 8_000))]);
      clearInterval(trickle);
      socket.destroy();
      assert.ok(at > 0, `the socket (${authorization}) was still open after 8 s`);
      assert.ok(at - started < 4_000, `closed after ${at - started} ms`);
    }
  });

  it('listens on loopback hosts only, unless told otherwise', async () => {
    await assert.rejects(startEmulator({ host: '0.0.0.0' }), /0\.0\.0\.0 is not a loopback address/);
    const allowed = await start({ host: '0.0.0.0', allowNonLoopback: true });
    assert.ok(allowed.port > 0);
    const local = await start({ host: 'localhost' });
    assert.ok(local.port > 0);
  });

  it('accepts exactly the bearer token, compared by digest in constant time', () => {
    assert.equal(carriesToken('Bearer t0ken', 't0ken'), true);
    for (const header of [undefined, '', 'Bearer t0ke', 'Bearer t0ken ', 'bearer t0ken', 't0ken']) assert.equal(carriesToken(header, 't0ken'), false, String(header));
  });
});
