import { strict as assert } from 'node:assert';
import { Buffer } from 'node:buffer';
import { TextBlockReader, TextBlockWriter } from '../../src/core/textBlocks';

/** Writes `values` (strings, nulls and numbers) as one block and reads them back. */
function roundTrip(strings: (string | null)[], numbers: (number | null)[]): { strings: (string | null)[]; numbers: (number | null)[]; wide: boolean; bytes: number } {
  const writer = new TextBlockWriter();
  for (const s of strings) writer.optional(s);
  for (const n of numbers) writer.num(n);
  const parts: Uint8Array[] = [];
  const head = writer.finish(parts);
  const buf = Buffer.concat(parts);
  const reader = new TextBlockReader(buf, 0, head);
  const back = { strings: strings.map(() => reader.optional()), numbers: numbers.map(() => reader.num()), wide: head.wide, bytes: head.text };
  assert.ok(reader.done);
  return back;
}

describe('text blocks', () => {
  it('give back every string, null and number, in Latin-1 when every character fits', () => {
    const strings = ['a', '', null, 'Über Transformer', 'x'.repeat(40_000), ...Array.from({ length: 3000 }, (_, i) => `paper ${i} `.repeat(i % 7))];
    const back = roundTrip(strings, [1, null, 2.5, -3, 0]);
    assert.deepEqual(back.strings, strings);
    assert.deepEqual(back.numbers, [1, null, 2.5, -3, 0]);
    assert.equal(back.wide, false);
    assert.equal(back.bytes, strings.reduce((n, s) => n + (s?.length ?? 0), 0));
  });

  it('write the whole block as UTF-16 when one string far down it does not fit Latin-1', () => {
    const strings = [...Array.from({ length: 2000 }, (_, i) => `abstract number ${i} of a long block`), 'Attention — 注意力 ✓', 'after it'];
    const back = roundTrip(strings, []);
    assert.deepEqual(back.strings, strings);
    assert.equal(back.wide, true);
    assert.equal(back.bytes, 2 * strings.reduce((n, s) => n + s.length, 0));
  });
});
