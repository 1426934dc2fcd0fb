// A state another release of the package wrote (or a hand edit left): computed outputs missing or of another type.
// What each kind's suite asserts of it: an update names the field and says to refresh, sending no request; a refresh
// reads the object back by its id alone and restores them; the update then goes through; a delete needs only the id.
import { strict as assert } from 'node:assert';
import { z } from 'zod';
import type { ResourceKind } from '../../provider/dynamic';
import { expectRejection, type Harness, type Props, providers } from './provider-harness';

export interface OldStateCase {
  readonly kind: ResourceKind;
  /** The kind as its messages name it. */
  readonly kindName: string;
  /** The schema of the kind's computed outputs. */
  readonly computed: z.ZodObject<z.ZodRawShape>;
  readonly id: string;
  /** The state as this release wrote it. */
  readonly outs: Props;
  /** The inputs of an update that changes one input in place. */
  readonly news: Props;
  /** For each computed output named, a value of another type. */
  readonly wrongTypes: Props;
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The one sentence a step gives for a state it cannot read, whatever the kind. */
export function oldStateRefusal(kindName: string, state: 'lacks' | 'holds', field: string): RegExp {
  const holding = state === 'lacks' ? 'lacks' : 'holds (?:an? [a-z]+|null) as';
  return new RegExp(
    `^The state of this ${kindName} was written by another release of pulumi-versori and ${holding} ${escaped(field)} ` +
      '\\(expected [^)]+\\): run `pulumi refresh` to read it again from Versori, then retry$',
  );
}

function without(props: Props, keys: readonly string[]): Props {
  return Object.fromEntries(Object.entries(props).filter(([key]) => !keys.includes(key)));
}

/** The computed outputs a state must hold (those whose schema refuses an absent value). */
function requiredKeys(c: OldStateCase): string[] {
  return Object.entries(c.computed.shape).flatMap(([key, schema]) => (z.safeParse(schema, undefined).success ? [] : [key]));
}

/** An update from a state lacking each required computed output, or holding one of another type: refused, nothing sent. */
export async function assertUpdateRefused(h: Harness, c: OldStateCase): Promise<void> {
  const lifecycle = providers[c.kind];
  const broken: Array<[Props, RegExp]> = [
    ...requiredKeys(c).map((key): [Props, RegExp] => [without(c.outs, [key]), oldStateRefusal(c.kindName, 'lacks', key)]),
    ...Object.entries(c.wrongTypes).map(([key, value]): [Props, RegExp] => [{ ...c.outs, [key]: value }, oldStateRefusal(c.kindName, 'holds', key)]),
  ];
  assert.ok(broken.length >= 2, 'each kind has a required computed output and one of another type');
  for (const [olds, refusal] of broken) {
    h.resetRequests();
    await expectRejection(lifecycle.update(c.id, olds, c.news), refusal);
    assert.deepEqual(h.requests, [], `no request for a state refused with ${refusal}`);
  }
}

/**
 * A refresh from a state without any computed output, and from one holding them of other types, reads the object by
 * its id and records its computed outputs again; the update then goes through; a delete from such a state works.
 */
export async function assertRefreshRecovers(h: Harness, c: OldStateCase): Promise<void> {
  const lifecycle = providers[c.kind];
  const expected = c.computed.parse(c.outs);
  for (const olds of [without(c.outs, Object.keys(c.computed.shape)), { ...c.outs, ...c.wrongTypes }]) {
    const refreshed = await lifecycle.read(c.id, olds);
    assert.equal(refreshed.id, c.id);
    assert.deepEqual(c.computed.parse(refreshed.props), expected);
  }
  const refreshed = await lifecycle.read(c.id, without(c.outs, Object.keys(c.computed.shape)));
  h.resetRequests();
  const updated = await lifecycle.update(c.id, refreshed.props ?? {}, c.news);
  assert.ok(h.requestCount() > 0, 'the update reached the platform');
  assert.ok(c.computed.safeParse(updated.outs).success, 'the update records every computed output');
  await lifecycle.delete(c.id, without(c.outs, Object.keys(c.computed.shape)));
  assert.equal((await lifecycle.read(c.id, c.outs)).id, '', 'deleted from a state without computed outputs');
}
