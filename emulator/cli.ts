#!/usr/bin/env node
// npm run emulator -- [--port N] [--host H] [--organisation ULID] [--token TOKEN] [--data FILE] [--faults JSON]
//                     [--request-log FILE] [--request-log-max-bytes N]
import { parseArgs } from 'node:util';
import { parseFaultJson } from './faults';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from './index';

export const DEFAULT_PORT = 8787;

const USAGE = `usage: npm run emulator -- [--port N] [--host HOST] [--organisation ULID] [--token TOKEN]
                            [--data FILE] [--faults JSON] [--request-log FILE] [--request-log-max-bytes N]`;

function parsePort(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new Error(`--port ${text} is not a port number`);
  return Number(text);
}

function parseByteCount(text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`--request-log-max-bytes ${text} is not a number of bytes`);
  return Number(text);
}

function optionsFromArgs(argv: string[]): { options: EmulatorOptions; portGiven: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      organisation: { type: 'string' },
      token: { type: 'string' },
      data: { type: 'string' },
      faults: { type: 'string' },
      'request-log': { type: 'string' },
      'request-log-max-bytes': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const options: EmulatorOptions = {
    port: values.port === undefined ? DEFAULT_PORT : parsePort(values.port),
    ...(values.host !== undefined && { host: values.host }),
    ...(values.organisation !== undefined && { organisationId: values.organisation }),
    ...(values.token !== undefined && { token: values.token }),
    ...(values.data !== undefined && { dataFile: values.data }),
    ...(values.faults !== undefined && { faults: parseFaultJson(values.faults, '--faults') }),
    ...(values['request-log'] !== undefined && { requestLogFile: values['request-log'] }),
    ...(values['request-log-max-bytes'] !== undefined && { requestLogMaxBytes: parseByteCount(values['request-log-max-bytes']) }),
  };
  return { options, portGiven: values.port !== undefined };
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
  let parsed: { options: EmulatorOptions; portGiven: boolean };
  try {
    parsed = optionsFromArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`versori-emulator: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const emulator = await start(parsed.options, parsed.portGiven);
  process.stdout.write(
    `versori-emulator: listening on ${emulator.baseUrl} organisation=${emulator.organisationId} token=${emulator.token}\n`,
  );
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
