// The processes of an interruption test: a `pulumi up` in a process of its own, and, read from /proc, the Pulumi CLI
// it starts and what that starts in turn (what the test kills).
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../../scripts/engine';

/** Direct children of a process. */
export function childrenOf(pid: number): Array<{ pid: number; command: string }> {
  const children: Array<{ pid: number; command: string }> = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const close = stat.lastIndexOf(')');
    const parent = Number(stat.slice(close + 2).split(' ')[1]);
    if (parent === pid) children.push({ pid: Number(entry), command: stat.slice(stat.indexOf('(') + 1, close) });
  }
  return children;
}

export function descendantsOf(pid: number): number[] {
  return childrenOf(pid).flatMap((child) => [child.pid, ...descendantsOf(child.pid)]);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface UpChild {
  readonly pid: number;
  /** What it printed so far, stdout and stderr. */
  output(): string;
  /** Its exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  running(): boolean;
  kill(): void;
}

/** Runs test/support/up-child.ts with this spec (see there) in a process of its own. */
export function startUpChild(spec: Record<string, unknown>): UpChild {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(REPO_ROOT, 'test/support/up-child.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, UP_CHILD_SPEC: JSON.stringify(spec) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    pid: child.pid ?? -1,
    output: () => output,
    exited,
    running: () => child.exitCode === null && child.signalCode === null,
    kill: () => child.kill('SIGKILL'),
  };
}
