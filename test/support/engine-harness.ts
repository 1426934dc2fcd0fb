// An emulator plus a stack of an inline program run by the real Pulumi CLI, with the emulator's request log,
// for the end-to-end suites. Every folder is temporary and removed by close().
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as auto from '@pulumi/pulumi/automation';
import { ENV_VARS } from '../../provider/config';
import { startEmulator, type FaultConfig, type RunningEmulator } from '../../emulator';
import { readRequestLog, type RequestLogEntry } from '../../emulator/request-log';
import { offlineStack, REPO_ROOT } from '../../scripts/engine';
import { listAllConnectors, type PlatformTarget } from '../../scripts/platform';
import type { Connector } from '../../api/schemas';

export type LoggedRequest = RequestLogEntry;

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isMutating(request: LoggedRequest): boolean {
  return MUTATING.has(request.method);
}

export interface EngineHarness {
  emulator: RunningEmulator;
  stack: auto.Stack;
  target: PlatformTarget;
  /** Folders holding everything the engine wrote (backend, project). */
  backendDir: string;
  workDir: string;
  /** Requests logged since the harness started (or since the given mark). */
  requests(since?: number): LoggedRequest[];
  /** A mark for requests(): the number of requests logged so far. */
  mark(): number;
  connectors(): Promise<Connector[]>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  program: auto.PulumiFn;
  faults?: FaultConfig;
  /** Extra stack config besides the provider's own. */
  config?: Record<string, auto.ConfigValue>;
  /** Environment for the CLI and the provider it starts (e.g. a tuning variable), over a cleared VERSORI_* set. */
  env?: Record<string, string>;
}

let counter = 0;

export async function startEngineHarness(options: HarnessOptions): Promise<EngineHarness> {
  // The stack must see the emulator only through its configuration.
  for (const name of Object.values(ENV_VARS)) delete process.env[name];
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'versori-e2e-'));
  const requestLogFile = path.join(scratch, 'requests.jsonl');
  fs.writeFileSync(requestLogFile, '');
  const emulator = await startEmulator({ requestLogFile, faults: options.faults });
  // The program's folder sits inside the repository so that the dynamic-provider plugin resolves its packages.
  const workDir = path.join(REPO_ROOT, '.work', `e2e-${process.pid}-${++counter}`);
  const backendDir = path.join(scratch, 'backend');
  const stack = await offlineStack({
    projectName: 'versori-e2e',
    stackName: 'e2e',
    workDir,
    backendDir,
    program: options.program,
    env: options.env,
    config: {
      'versori:token': { value: emulator.token, secret: true },
      'versori:organisationId': { value: emulator.organisationId },
      'versori:baseUrl': { value: emulator.baseUrl },
      ...options.config,
    },
  });
  const target = { baseUrl: emulator.baseUrl, organisationId: emulator.organisationId, token: emulator.token };
  const readLog = () => readRequestLog(requestLogFile);
  return {
    emulator,
    stack,
    target,
    backendDir,
    workDir,
    requests: (since = 0) => readLog().slice(since),
    mark: () => readLog().length,
    connectors: () => listAllConnectors(target),
    close: async () => {
      await emulator.close();
      if (process.env.VERSORI_E2E_KEEP) {
        process.stderr.write(`engine harness: kept ${scratch} and ${workDir} (VERSORI_E2E_KEEP)\n`);
        return;
      }
      fs.rmSync(scratch, { recursive: true, force: true });
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** The message of a run that must fail; a run that succeeds fails the test, showing what the engine printed. */
export async function failureOf(run: Promise<{ stdout: string; stderr: string }>): Promise<string> {
  let result: { stdout: string; stderr: string };
  try {
    result = await run;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  assert.fail(`the run succeeded:\n${result.stdout}\n${result.stderr}`);
}

/** Collects the engine's per-resource plan (op, property diffs) from the events of one operation. */
export interface PlannedStep {
  op: string;
  urn: string;
  type: string;
  name: string;
  /** Top-level inputs whose values differ between the old and the new state (what `preview --diff` shows). */
  changedInputs: string[];
}

function changedKeys(olds: Record<string, unknown> = {}, news: Record<string, unknown> = {}): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  keys.delete('__provider');
  return [...keys].filter((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key])).sort();
}

export function stepRecorder(): { steps: PlannedStep[]; onEvent: (event: auto.EngineEvent) => void } {
  const steps: PlannedStep[] = [];
  return {
    steps,
    onEvent: (event) => {
      const metadata = event.resourcePreEvent?.metadata;
      if (metadata === undefined) return;
      steps.push({
        op: metadata.op,
        urn: metadata.urn,
        type: metadata.type,
        name: metadata.urn.split('::').pop() ?? '',
        changedInputs: changedKeys(metadata.old?.inputs, metadata.new?.inputs),
      });
    },
  };
}

/** The steps of one resource (by its Pulumi name), excluding `same`. */
export function changesOf(steps: PlannedStep[], name: string): PlannedStep[] {
  return steps.filter((step) => step.name === name && step.op !== 'same');
}
