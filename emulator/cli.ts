#!/usr/bin/env node
// npm run emulator -- [--port N] [--host H] [--allow-non-loopback] [--organisation ULID] [--token TOKEN]
//                     [--token-file FILE] [--data FILE] [--faults JSON] [--request-log FILE] [--request-log-max-bytes N]
//                     [--rate-limit N]
import { randomBytes } from 'node:crypto';
import { constants, mkdtempSync, openSync, readFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parseFaultJson } from './faults';
import { parseRateLimit } from './rate-limit';
import { isLoopbackHost, startEmulator, type EmulatorOptions, type RunningEmulator } from './index';

export const DEFAULT_PORT = 8787;

const USAGE = `usage: npm run emulator -- [--port N] [--host HOST] [--allow-non-loopback] [--organisation ULID]
                            [--token TOKEN | --token-file FILE] [--data FILE] [--faults JSON]
                            [--request-log FILE] [--request-log-max-bytes N] [--rate-limit N]
  --rate-limit N: at most N requests per second per bearer token (429 with Retry-After beyond), else
  $VERSORI_EMULATOR_RATE_LIMIT, else no limit.
  The token: --token, else $VERSORI_EMULATOR_TOKEN, else the first line of --token-file; with none of them, a new
  one is written to a file only you can read (--token-file, or one in a new private folder), and its path printed.`;

function parsePort(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new Error(`--port ${text} is not a port number`);
  return Number(text);
}

function parseByteCount(text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`--request-log-max-bytes ${text} is not a number of bytes`);
  return Number(text);
}

/** --rate-limit, else $VERSORI_EMULATOR_RATE_LIMIT (empty is unset), else none. */
function rateLimitOf(flag: string | undefined): number | undefined {
  if (flag !== undefined) return parseRateLimit(flag, '--rate-limit');
  const fromEnvironment = process.env.VERSORI_EMULATOR_RATE_LIMIT?.trim() || undefined;
  return fromEnvironment === undefined ? undefined : parseRateLimit(fromEnvironment, 'VERSORI_EMULATOR_RATE_LIMIT');
}

function optionsFromArgs(argv: string[]): { options: EmulatorOptions; portGiven: boolean; tokenFile?: string } {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      organisation: { type: 'string' },
      token: { type: 'string' },
      'token-file': { type: 'string' },
      'allow-non-loopback': { type: 'boolean' },
      data: { type: 'string' },
      faults: { type: 'string' },
      'request-log': { type: 'string' },
      'request-log-max-bytes': { type: 'string' },
      'rate-limit': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const rateLimit = rateLimitOf(values['rate-limit']);
  const options: EmulatorOptions = {
    port: values.port === undefined ? DEFAULT_PORT : parsePort(values.port),
    ...(values.host !== undefined && { host: values.host }),
    ...(values.organisation !== undefined && { organisationId: values.organisation }),
    ...(values['allow-non-loopback'] === true && { allowNonLoopback: true }),
    ...(values.data !== undefined && { dataFile: values.data }),
    ...(values.faults !== undefined && { faults: parseFaultJson(values.faults, '--faults') }),
    ...(values['request-log'] !== undefined && { requestLogFile: values['request-log'] }),
    ...(values['request-log-max-bytes'] !== undefined && { requestLogMaxBytes: parseByteCount(values['request-log-max-bytes']) }),
    ...(rateLimit !== undefined && { rateLimit }),
  };
  const token = tokenOf(values.token, values['token-file']);
  return { options: { ...options, token: token.value }, portGiven: values.port !== undefined, tokenFile: token.file };
}

/** The token given (flag, environment, file), or a new one written to a file only its owner can read. */
function tokenOf(flag: string | undefined, file: string | undefined): { value: string; file?: string } {
  const given = flag ?? (process.env.VERSORI_EMULATOR_TOKEN || undefined);
  if (given !== undefined) return { value: given };
  if (file !== undefined) {
    try {
      const value = (readFileSync(file, 'utf8').split('\n')[0] ?? '').trim();
      if (value === '') throw new Error(`--token-file ${file} is empty`);
      return { value };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const value = `vemu_${randomBytes(18).toString('base64url')}`;
  const target = file ?? path.join(mkdtempSync(path.join(tmpdir(), 'versori-emulator-')), 'token');
  const fd = openSync(target, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    writeSync(fd, `${value}\n`);
  } finally {
    closeSync(fd);
  }
  return { value, file: target };
}

async function start(options: EmulatorOptions, portGiven: boolean): Promise<RunningEmulator> {
  try {
    return await startEmulator(options);
  } catch (error) {
    if (portGiven || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    process.stderr.write(`versori-emulator: port ${DEFAULT_PORT} is busy, using a free port\n`);
    return startEmulator({ ...options, port: 0 });
  }
}

async function main(): Promise<void> {
  let parsed: { options: EmulatorOptions; portGiven: boolean; tokenFile?: string };
  try {
    parsed = optionsFromArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`versori-emulator: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const emulator = await start(parsed.options, parsed.portGiven);
  if (parsed.options.host !== undefined && !isLoopbackHost(parsed.options.host)) {
    process.stderr.write(`versori-emulator: warning: listening on ${parsed.options.host} over plain HTTP: the token and credentials can be read on the network\n`);
  }
  const tokenFile = parsed.tokenFile === undefined ? '' : ` token-file=${parsed.tokenFile}`;
  process.stdout.write(`versori-emulator: listening on ${emulator.baseUrl} organisation=${emulator.organisationId}${tokenFile}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`versori-emulator: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`versori-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
