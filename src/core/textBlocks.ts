/**
 * Blocks of strings and numbers, written one value after another and read back in the same order:
 * the strings of a block are one text (Latin-1 when every character fits, else UTF-16) plus their
 * lengths, the numbers a float64 column (NaN for null). Reading makes one string per block and
 * slices of it, so a block of a thousand strings costs one decode.
 */
import { Buffer } from 'node:buffer';

/** A block's sizes, recorded by the writer and needed by the reader. */
export interface BlockHead {
  /** Bytes of text. */
  text: number;
  /** UTF-16 (else Latin-1). */
  wide: boolean;
  lengths: number;
  numbers: number;
}

const NULL = 0xffffffff;

export class TextBlockWriter {
  private readonly text: string[] = [];
  private readonly lengths: number[] = [];
  private readonly numbers: number[] = [];

  str(value: string): this {
    this.text.push(value);
    this.lengths.push(value.length);
    return this;
  }

  optional(value: string | null): this {
    if (value === null) this.lengths.push(NULL);
    else this.str(value);
    return this;
  }

  num(value: number | null): this {
    this.numbers.push(value ?? NaN);
    return this;
  }

  /** Appends the block's bytes to `parts`; returns its head. */
  finish(parts: Uint8Array[]): BlockHead {
    const pieces = joinedPieces(this.text);
    const wide = pieces.some((piece) => /[^\u0000-\u00ff]/.test(piece));
    const bytes = Buffer.allocUnsafe(pieces.reduce((n, piece) => n + piece.length, 0) * (wide ? 2 : 1));
    let at = 0;
    for (const piece of pieces) at += bytes.write(piece, at, wide ? 'utf16le' : 'latin1');
    const lengths = Uint32Array.from(this.lengths), numbers = Float64Array.from(this.numbers);
    parts.push(bytes, new Uint8Array(lengths.buffer), new Uint8Array(numbers.buffer));
    return { text: bytes.length, wide, lengths: lengths.length, numbers: numbers.length };
  }
}

/**
 * Characters joined into one string at a time when a block is written. A block's text joined
 * whole (~350 KB for 256 papers) is allocated in V8's old generation and dies at once: a 100k-paper
 * snapshot save made 140 MB of such garbage, and two mark-compacts during the save. Pieces this
 * short stay in the young generation, where dying costs nothing.
 */
const PIECE_CHARS = 16_384;

/** `texts` joined in order into strings of about {@link PIECE_CHARS} characters (a longer text alone). */
function joinedPieces(texts: readonly string[]): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < texts.length; ) {
    const start = i;
    let chars = texts[i++].length;
    while (i < texts.length && chars + texts[i].length <= PIECE_CHARS) chars += texts[i++].length;
    pieces.push(i - start === 1 ? texts[start] : texts.slice(start, i).join(''));
  }
  return pieces;
}

export class TextBlockReader {
  /** Where the block ends in the buffer. */
  readonly end: number;
  private readonly text: string;
  private readonly lengths: Uint32Array;
  private readonly numbers: Float64Array;
  private at = 0;
  private nextLength = 0;
  private nextNumber = 0;

  /** Where a block that starts at `start` ends. */
  static endOf(start: number, head: BlockHead): number {
    return start + head.text + 4 * head.lengths + 8 * head.numbers;
  }

  /** Reads the block at `start` of `buf`; throws when `head` does not fit the buffer. */
  constructor(buf: Buffer, start: number, head: BlockHead) {
    const lengthsAt = start + head.text, numbersAt = lengthsAt + 4 * head.lengths;
    this.end = TextBlockReader.endOf(start, head);
    if (!(this.end <= buf.length && head.text >= 0 && head.lengths >= 0 && head.numbers >= 0)) throw new Error('block beyond the end');
    this.text = buf.toString(head.wide ? 'utf16le' : 'latin1', start, lengthsAt);
    this.lengths = new Uint32Array(head.lengths);
    new Uint8Array(this.lengths.buffer).set(buf.subarray(lengthsAt, numbersAt));
    this.numbers = new Float64Array(head.numbers);
    new Uint8Array(this.numbers.buffer).set(buf.subarray(numbersAt, this.end));
  }

  /** Whether every value was read. */
  get done(): boolean {
    return this.nextLength === this.lengths.length && this.nextNumber === this.numbers.length;
  }

  str(): string {
    const value = this.optional();
    if (value === null) throw new Error('missing string');
    return value;
  }

  optional(): string | null {
    if (this.nextLength >= this.lengths.length) throw new Error('strings end early');
    const n = this.lengths[this.nextLength++];
    if (n === NULL) return null;
    if (this.at + n > this.text.length) throw new Error('text ends early');
    return this.text.slice(this.at, (this.at += n));
  }

  num(): number | null {
    if (this.nextNumber >= this.numbers.length) throw new Error('numbers end early');
    const value = this.numbers[this.nextNumber++];
    if (Number.isNaN(value)) return null;
    // A whole number as an int32: stored in an object without a heap number of its own.
    const int = value | 0;
    return int === value ? int : value;
  }

  /** A number that must be a count or an index (a non-negative integer). */
  count(): number {
    const value = this.num();
    if (value === null || !Number.isInteger(value) || value < 0) throw new Error('bad count');
    return value;
  }

  /** The next `n` strings, which must be all the block holds. */
  strings(n: number): string[] {
    const out = Array.from({ length: n }, () => this.str());
    if (!this.done) throw new Error('block longer than expected');
    return out;
  }
}
