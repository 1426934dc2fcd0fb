import * as assert from 'assert';
import { decodeTime } from 'ulid';
import { ulidProblem } from '../../provider/fields';
import { newUlid } from '../../provider/new-id';

describe('newUlid', () => {
  it('makes valid, distinct ULIDs that carry the current time', () => {
    const before = Date.now();
    const ids = Array.from({ length: 5000 }, () => newUlid());
    const after = Date.now();
    for (const id of ids.slice(0, 50)) assert.equal(ulidProblem(id), undefined, id);
    assert.equal(new Set(ids).size, ids.length);
    const time = decodeTime(ids[0]);
    assert.ok(time >= before && time <= after, `${time} not in [${before}, ${after}]`);
  });

  it('draws every character of the random part evenly', () => {
    const counts = new Map<string, number>();
    const draws = 4000;
    for (let i = 0; i < draws; i++) for (const char of newUlid().slice(10)) counts.set(char, (counts.get(char) ?? 0) + 1);
    assert.equal(counts.size, 32);
    const expected = (draws * 16) / 32;
    for (const [char, count] of counts) assert.ok(Math.abs(count - expected) < expected * 0.15, `${char}: ${count}, expected about ${expected}`);
  });
});
