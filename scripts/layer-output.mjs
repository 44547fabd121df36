// What `npm test` reads from a test layer's output: its pass/fail counts and the tests that failed.

/** Pass/fail counts from a layer's output: its last `N passed, N failed` line, else mocha's
 *  `N passing` / `N failing` lines. */
export function parseCounts(output) {
  const lines = output.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /(\d+) passed, (\d+) failed/.exec(lines[i]);
    if (m) return { passed: Number(m[1]), failed: Number(m[2]) };
  }
  let passed = 0;
  let failed = 0;
  let found = false;
  for (const line of lines) {
    let m = /^\s*(\d+) passing\b/.exec(line);
    if (m) {
      passed += Number(m[1]);
      found = true;
    }
    m = /^\s*(\d+) failing\b/.exec(line);
    if (m) {
      failed += Number(m[1]);
      found = true;
    }
  }
  return found ? { passed, failed } : null;
}

/** The failed tests named in a layer's output, one line each (title, then the first line of its
 *  error), so the last lines `npm test` prints say what failed: mocha's numbered entries after its
 *  `N failing` line, else the layer's own `FAIL …` lines. */
export function failureLines(output, max = 6) {
  const lines = output.split(/\r?\n/);
  const failing = lines.findLastIndex((line) => /^\s*\d+ failing\b/.test(line));
  const found = [];
  if (failing >= 0) {
    let title = null;
    for (const line of lines.slice(failing + 1)) {
      const text = line.trim();
      if (/^\d+\) /.test(text)) title = text;
      else if (title !== null && /(Error|Exception)\b.*:|^Error\b/.test(text)) {
        found.push(`${title} — ${text}`);
        title = null;
      } else if (title !== null && text && !text.startsWith('at ')) title += ` ${text}`;
    }
    if (title !== null) found.push(title);
  } else {
    for (const line of lines) if (/^FAIL\s/.test(line)) found.push(line.trim());
  }
  const clip = (text) => (text.length > 220 ? `${text.slice(0, 219)}…` : text);
  return [...found.slice(0, max).map(clip), ...(found.length > max ? [`… and ${found.length - max} more (see above)`] : [])];
}
