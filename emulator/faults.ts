import { z } from 'zod';

const Rate = z.number().min(0).max(1);

export const FaultConfigSchema = z
  .object({
    seed: z.number().int().optional(),
    latencyMs: z.number().int().nonnegative().max(60_000).optional(),
    errorRate: Rate.optional(),
    statuses: z.array(z.number().int().min(400).max(599)).min(1).optional(),
    resetRate: Rate.optional(),
    dropResponseRate: Rate.optional(),
    /** Value of the Retry-After header on injected 429s (default 1). */
    retryAfterSeconds: z.number().int().nonnegative().optional(),
  })
  .strict();
export type FaultConfig = z.infer<typeof FaultConfigSchema>;

export const DEFAULT_FAULT_STATUSES = [429, 500, 502, 503];

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'error'; status: number; retryAfterSeconds: number }
  | { kind: 'reset' }
  | { kind: 'drop' };

/** mulberry32: a small seeded PRNG, so that a run with the same seed and request order repeats. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides, request by request, which fault (if any) to inject. Each request draws from the seeded sequence. */
export class FaultInjector {
  private random: () => number = seededRandom(0);
  private settings: FaultConfig | null = null;

  get config(): FaultConfig | null {
    return this.settings;
  }

  get latencyMs(): number {
    return this.settings?.latencyMs ?? 0;
  }

  configure(settings: FaultConfig | null): void {
    this.settings = settings === null ? null : FaultConfigSchema.parse(settings);
    this.random = seededRandom(this.settings?.seed ?? 0);
  }

  decide(): FaultDecision {
    const s = this.settings;
    if (s === null) return { kind: 'none' };
    const errorRate = s.errorRate ?? 0;
    const resetRate = s.resetRate ?? 0;
    const dropRate = s.dropResponseRate ?? 0;
    if (errorRate + resetRate + dropRate === 0) return { kind: 'none' };
    const draw = this.random();
    if (draw < errorRate) {
      const statuses = s.statuses ?? DEFAULT_FAULT_STATUSES;
      const status = statuses[Math.floor(this.random() * statuses.length)] ?? 500;
      return { kind: 'error', status, retryAfterSeconds: s.retryAfterSeconds ?? 1 };
    }
    if (draw < errorRate + resetRate) return { kind: 'reset' };
    if (draw < errorRate + resetRate + dropRate) return { kind: 'drop' };
    return { kind: 'none' };
  }
}

/** Reads VERSORI_EMULATOR_FAULTS-style JSON; throws with a readable message when it is not a fault config. */
export function parseFaultJson(text: string, source: string): FaultConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`${source} is not JSON`);
  }
  const result = FaultConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new Error(`${source} is not a fault config: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return result.data;
}
