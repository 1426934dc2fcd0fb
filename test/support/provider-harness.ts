// Drives the provider's lifecycle handlers (as the dynamic-provider host would) against an in-process emulator, with a
// context the harness makes: a client of the emulator with short timeouts and fast retries, whose log it records.
import { strict as assert } from 'node:assert';
import { deepEqual } from '../../provider/diff';
import type * as pulumi from '@pulumi/pulumi';
import { startEmulator, type FaultConfig, type RunningEmulator } from '../../emulator';
import { ENV_VARS } from '../../provider/config';
import type { ResourceKind } from '../../provider/dynamic';
import { providerContext, type ProviderContext } from '../../provider/context';
import { handlers } from '../../provider/handlers';
import { bindLifecycle, type BoundLifecycle, type Props } from '../../provider/lifecycle';

export type { Props };

/** A stand-in for the dynamic provider's `Config` (stack configuration). */
export function stackConfig(values: Record<string, string | undefined>): pulumi.dynamic.Config {
  return {
    get: (key: string) => values[key],
    require: (key: string) => {
      const value = values[key];
      if (value === undefined) throw new Error(`missing ${key}`);
      return value;
    },
  };
}

/** Removes the VERSORI_* variables for the duration of a suite and restores them afterwards. */
export function isolateEnvironment(): { restore(): void } {
  const saved: Record<string, string | undefined> = {};
  for (const name of Object.values(ENV_VARS)) {
    saved[name] = process.env[name];
    delete process.env[name];
  }
  return {
    restore() {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    },
  };
}

export interface Harness {
  readonly emulator: RunningEmulator;
  /** One line per request the provider's client sent (`METHOD path (Operation)`), retries included as `retry` lines. */
  readonly requests: string[];
  /** Requests sent (not retries) since the last `resetRequests`. */
  requestCount(): number;
  resetRequests(): void;
  setFaults(faults: FaultConfig | null): void;
  stop(): Promise<void>;
}

let harnessContext: ProviderContext | undefined;

function injectedContext(): ProviderContext {
  if (harnessContext === undefined) throw new Error('no harness is running: call startHarness() first');
  return harnessContext;
}

/** The lifecycle of each kind, as the dynamic-provider host calls it, with the running harness's context. */
export const providers = {
  connector: bindLifecycle(() => handlers.connector, injectedContext),
  authSchemeConfig: bindLifecycle(() => handlers.authSchemeConfig, injectedContext),
  connection: bindLifecycle(() => handlers.connection, injectedContext),
  connectorVersion: bindLifecycle(() => handlers.connectorVersion, injectedContext),
  connectorVersionPublication: bindLifecycle(() => handlers.connectorVersionPublication, injectedContext),
  definition: bindLifecycle(() => handlers.definition, injectedContext),
  action: bindLifecycle(() => handlers.action, injectedContext),
  trigger: bindLifecycle(() => handlers.trigger, injectedContext),
} satisfies Record<ResourceKind, BoundLifecycle>;

/** Fast retries so fault tests stay quick; still exponential with jitter. */
export const TEST_RETRY = { retries: 4, baseDelayMs: 5, maxDelayMs: 40 };

/** `requestLogFile`: the emulator logs each request there, with its body (secret values as ""). */
export async function startHarness(options: { faults?: FaultConfig; requestLogFile?: string } = {}): Promise<Harness> {
  const env = isolateEnvironment();
  const emulator = await startEmulator({ port: 0, faults: options.faults, requestLogFile: options.requestLogFile });
  const requests: string[] = [];
  const settings = { token: emulator.token, organisationId: emulator.organisationId, baseUrl: emulator.baseUrl };
  harnessContext = providerContext(settings, { timeoutMs: 5000, retry: TEST_RETRY, log: (line) => requests.push(line) });
  return {
    emulator,
    requests,
    requestCount: () => requests.filter((line) => /^versori: [A-Z]+ \//.test(line)).length,
    resetRequests: () => {
      requests.length = 0;
    },
    setFaults: (faults) => emulator.setFaults(faults),
    async stop() {
      harnessContext = undefined;
      env.restore();
      await emulator.close();
    },
  };
}

/** check + create, as `pulumi up` does for a new resource. Fails the test on check failures. */
export async function createResource(
  kind: ResourceKind,
  news: Props,
): Promise<{ id: string; inputs: Props; outs: Props }> {
  const checked = await handlers[kind].check({}, news);
  assert.deepEqual(checked.failures ?? [], [], `check failed: ${JSON.stringify(checked.failures)}`);
  const inputs = checked.inputs ?? news;
  const created = await providers[kind].create(inputs);
  return { id: created.id, inputs, outs: created.outs ?? {} };
}

/**
 * Whether the engine plans a change for this diff: as the provider says, or, when it leaves `changes` unknown, when
 * the old and new inputs differ (the engine's own comparison; `__`-prefixed keys are the engine's and compared too).
 */
export function enginePlansChange(diff: { changes?: boolean }, oldInputs: Props, newInputs: Props): boolean {
  return diff.changes ?? !deepEqual(oldInputs, newInputs);
}

/** check + diff (+ update when the engine would plan an in-place change), as `pulumi up` does for an existing resource. */
export async function updateResource(
  kind: ResourceKind,
  id: string,
  previous: { inputs: Props; outs: Props },
  news: Props,
): Promise<{ inputs: Props; outs: Props; diff: Awaited<ReturnType<(typeof handlers)['connector']['diff']>> }> {
  const checked = await handlers[kind].check(previous.inputs, news);
  assert.deepEqual(checked.failures ?? [], [], `check failed: ${JSON.stringify(checked.failures)}`);
  const inputs = checked.inputs ?? news;
  const diff = await handlers[kind].diff(id, previous.outs, inputs);
  assert.equal(diff.replaces.length, 0, `unexpected replace of ${diff.replaces.join(', ')}`);
  if (!enginePlansChange(diff, previous.inputs, inputs)) return { inputs, outs: previous.outs, diff };
  const updated = await providers[kind].update(id, previous.outs, inputs);
  return { inputs, outs: updated.outs ?? {}, diff };
}

/** An HTTP connector with the given extra inputs. */
export async function createConnector(name: string, extra: Props = {}): Promise<{ id: string; inputs: Props; outs: Props }> {
  return createResource('connector', { name, baseUrl: 'https://api.example.com', ...extra });
}

export async function expectRejection(promise: Promise<unknown>, pattern: RegExp): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error, 'rejected with a non-Error');
    assert.match(error.message, pattern);
    return error;
  }
  assert.fail(`expected a rejection matching ${pattern}`);
}
