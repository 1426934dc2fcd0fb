// Runs the emulator's CLI as a child process, as a user would, for the tests that start it.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const LINE = /^versori-emulator: listening on (http:\/\/127\.0\.0\.1:(\d+)\/api\/connect\/v1) organisation=([0-9A-Z]{26})(?: token-file=(\S+))?$/;

export interface Started {
  child: ChildProcess;
  lines: string[];
  match: RegExpMatchArray;
}

/** Runs the CLI with the fault, request-log, token and rate-limit variables of the environment cleared unless `env` sets them. */
export function runCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'emulator/cli.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VERSORI_EMULATOR_FAULTS: '', VERSORI_EMULATOR_REQUEST_LOG: '', VERSORI_EMULATOR_TOKEN: '', VERSORI_EMULATOR_RATE_LIMIT: '', ...env },
  });
}

export function startCli(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const child = runCli(args, env);
  const lines: string[] = [];
  let stderr = '';
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      lines.push(...parts);
      const match = lines[0]?.match(LINE);
      if (match) resolve({ child, lines, match });
      else if (lines.length > 0) reject(new Error(`unexpected output: ${lines.join('\n')}`));
    });
    child.once('exit', (code) => reject(new Error(`the CLI exited (${String(code)}) before listening: ${stderr}`)));
  });
}

/** The exit of `child`, or a failure when it has not exited within `ms` (e.g. it spins instead of stopping). */
export async function exitedWithin(child: ChildProcess, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the CLI did not exit within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([exited(child), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}
