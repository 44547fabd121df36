import { strict as assert } from 'node:assert';
import { Groups } from '../../src/core/groups';

describe('Groups', () => {
  it('keeps items by key through adds, removals and replacements, one-item groups included', () => {
    const [a, b, c, d] = [{ n: 'a' }, { n: 'b' }, { n: 'c' }, { n: 'd' }];
    const groups = new Groups<string, { n: string }>();
    assert.deepEqual(groups.get('x'), []);
    groups.add('x', a);
    assert.deepEqual(groups.get('x'), [a]);
    groups.add('x', b);
    groups.add('x', a); // twice: removed one at a time
    assert.deepEqual(groups.get('x'), [a, b, a]);
    groups.remove('x', a);
    assert.deepEqual(groups.get('x'), [b, a]);
    groups.replace('x', a, c);
    assert.deepEqual(groups.sorted('x', (p, q) => p.n.localeCompare(q.n)), [b, c]);
    assert.deepEqual(groups.get('x'), [b, c], 'sorted in place');
    groups.remove('x', b);
    assert.deepEqual(groups.get('x'), [c]);
    groups.replace('x', c, d);
    assert.deepEqual(groups.get('x'), [d]);
    groups.remove('x', a); // not there: nothing changes
    assert.deepEqual(groups.get('x'), [d]);
    groups.remove('x', d);
    assert.deepEqual(groups.get('x'), []);
    groups.add('x', b);
    assert.deepEqual(groups.sorted('x', () => 0), [b]);
  });
});
