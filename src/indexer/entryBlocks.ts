/**
 * Parse entries as text blocks (see `textBlocks.ts`): a block's strings are one text, and decoding
 * makes one string per block and slices of it. Against `v8.serialize` of the same entries this
 * decodes a 100k-paper workspace in 175 ms instead of 300 and leaves the garbage collector a
 * fifth of the heap to copy (a block's text is one large string, never copied between generations).
 */
import { Buffer } from 'node:buffer';
import { NO_LINKS, type Entry } from '../core/model';
import { TextBlockReader, TextBlockWriter } from '../core/textBlocks';

/** Bytes before the block: its text size, whether the text is UTF-16, and how many lengths and numbers follow. */
const HEAD_BYTES = 16;

/** The entries as one block; `file` is the dump's name, written only for entries naming another. */
export function encodeEntries(entries: readonly Entry[], file: string): Uint8Array {
  const w = new TextBlockWriter();
  for (const e of entries) {
    w.str(e.title).str(e.abstract).num(e.authors).optional(e.org).optional(e.date).num(e.year).num(e.upvotes).num(e.comments);
    w.num(e.links.length);
    for (const link of e.links) w.str(link);
    w.optional(e.github).optional(e.arxiv).optional(e.file === file ? null : e.file).num(e.line).num(e.endLine);
  }
  const start = Buffer.alloc(HEAD_BYTES);
  const parts: Uint8Array[] = [start];
  const head = w.finish(parts);
  [head.text, head.wide ? 1 : 0, head.lengths, head.numbers].forEach((n, i) => start.writeUInt32LE(n, 4 * i));
  return Buffer.concat(parts);
}

/** The entries of a block {@link encodeEntries} made; throws when the bytes are not one. */
export function decodeEntries(bytes: Uint8Array, file: string): Entry[] {
  if (bytes.length < HEAD_BYTES) throw new Error('not an entry block');
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const [text, wide, lengths, numbers] = [0, 4, 8, 12].map((at) => buf.readUInt32LE(at));
  const r = new TextBlockReader(buf, HEAD_BYTES, { text, wide: wide === 1, lengths, numbers });
  if (r.end !== buf.length) throw new Error('entry block of the wrong size');
  const entries: Entry[] = [];
  while (!r.done) {
    const title = r.str(), abstract = r.str(), authors = r.num(), org = r.optional(), date = r.optional();
    const year = r.num(), upvotes = r.num(), comments = r.num();
    const linkCount = r.count();
    const links = linkCount === 0 ? NO_LINKS : Array.from({ length: linkCount }, () => r.str());
    const github = r.optional(), arxiv = r.optional(), ownFile = r.optional(), line = r.count(), endLine = r.count();
    entries.push({ title, abstract, authors, org, date, year, upvotes, comments, links, github, arxiv, file: ownFile ?? file, line, endLine });
  }
  return entries;
}
