import type { Problem } from '../model';

/** Decoded text plus anything worth telling the user about how it was decoded. */
export interface Decoded {
  text: string | null;
  problems: Problem[];
}

const SNIFF = 8192;

/**
 * Turns file bytes into text: UTF-8 (BOM stripped), UTF-16 with a BOM or an
 * unmistakable NUL pattern, and otherwise Windows-1252 with a warning.
 * Binary files (NUL bytes that are not UTF-16) give `text: null` and an error.
 */
export function decodeBytes(bytes: Uint8Array, file: string): Decoded {
  const utf16 = utf16Kind(bytes);
  if (utf16) {
    const text = new TextDecoder(utf16).decode(bytes).replace(/^\ufeff/, '');
    const junk = junkShare(text);
    if (junk > 0.05) {
      const message = `Binary or corrupt file: decoded as ${utf16.toUpperCase()}, ${Math.round(junk * 100)}% of it is not text; skipped.`;
      return { text: null, problems: [problem(file, 1, 'error', message)] };
    }
    return { text, problems: [problem(file, 1, 'warning', `File is ${utf16.toUpperCase()} encoded; decoded it, but saving it as UTF-8 is recommended.`)] };
  }
  const head = bytes.subarray(0, SNIFF);
  const nul = head.indexOf(0);
  if (nul >= 0) {
    return { text: null, problems: [problem(file, lineAt(bytes, nul), 'error', 'Binary file (contains NUL bytes): not a paper dump; skipped.')] };
  }
  try {
    return { text: stripBom(new TextDecoder('utf-8', { fatal: true }).decode(bytes)), problems: [] };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const text = new TextDecoder('windows-1252').decode(bytes);
    return {
      text,
      problems: [problem(file, lineAt(bytes, bad), 'warning', `Not valid UTF-8 (first bad byte at offset ${bad}); read as Windows-1252. Save the file as UTF-8 to be sure of the text.`)],
    };
  }
}

/** Strips a leading byte-order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Share of characters that no text contains: control characters, replacement characters, private use, unpaired surrogates. */
function junkShare(text: string): number {
  if (!text) return 0;
  const junk = text.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd\ue000-\uf8ff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g);
  return (junk?.length ?? 0) / text.length;
}

function utf16Kind(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const n = Math.min(bytes.length, SNIFF) & ~1;
  if (n < 8) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.4 && evenNul < pairs * 0.05) return 'utf-16le';
  if (evenNul > pairs * 0.4 && oddNul < pairs * 0.05) return 'utf-16be';
  return null;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    for (let k = 1; k < len; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += len;
  }
  return 0;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 10) line++;
  return line;
}

function problem(file: string, line: number, severity: Problem['severity'], message: string): Problem {
  return { file, line, severity, message };
}
