import { strict as assert } from 'assert';
import { median } from '../../bench/cpu';

describe('bench/cpu', () => {
  it('takes the median of the per-create figures, the middle one or the mean of the two middle ones', () => {
    assert.equal(median([3.64, 2.85, 2.89]), 2.89);
    assert.equal(median([2.7]), 2.7);
    assert.equal(median([3, 1, 2, 10]), 2.5);
  });
});
