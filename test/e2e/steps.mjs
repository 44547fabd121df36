// The UI steps, each driving the workbench as a person would. Every step waits for a condition
// (Playwright locator waits or waitForFunction), never for a fixed time. A step throws with a
// message that says what it was waiting for.
//
// ctx: { page, timeout, state }  — `state` carries facts from one step to the next
// (e.g. the cite key inserted in step 3, hovered in step 4); each step still works alone.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RESULTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results');
const VIEW_CONTAINER_TITLE = 'Literature Notes';
const SEARCH_COMMAND = 'Literature Notes: Search Papers';
/** Side bar width for the steps (and the README screenshots): paper titles in the tree stay readable. */
const SIDEBAR_WIDTH = 520;

// ---------------------------------------------------------------------------------------------
// small helpers

/** Waits for `locator` to be visible; the error names what was expected. */
async function visible(locator, what, timeout) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch {
    throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
  }
  return locator.first();
}

/** The visible text lines of the active editor, top to bottom (nbsp → space). */
async function editorLines(page) {
  return page.evaluate(() => {
    const editor =
      document.querySelector('.editor-group-container.active .monaco-editor.focused') ??
      document.querySelector('.editor-group-container.active .monaco-editor') ??
      document.querySelector('.monaco-editor');
    if (!editor) return [];
    return [...editor.querySelectorAll('.view-lines .view-line')]
      .map((el) => ({ top: parseFloat(el.style.top || '0'), text: (el.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text);
  });
}

/** Polls `condition` (re-checked every animation frame, not a fixed sleep) until it is truthy. */
async function waitUntil(page, condition, what, timeout, describe) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) {
      const seen = describe ? `; saw:\n  ${await describe()}` : '';
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${seen}`);
    }
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  }
}

/** Waits until some visible line of the active editor satisfies `predicate(line)`. */
async function waitForEditorLine(page, predicate, what, timeout) {
  return waitUntil(
    page,
    async () => (await editorLines(page)).find(predicate),
    what,
    timeout,
    async () => (await editorLines(page)).slice(-12).join('\n  '),
  );
}

/** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor tab. */
export async function openFile(page, name, timeout) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = await visible(page.locator('.quick-input-widget input'), 'the Quick Open box', timeout);
  await input.fill(name);
  await visible(page.locator('.quick-input-list .monaco-list-row', { hasText: name }), `"${name}" in Quick Open`, timeout);
  await page.keyboard.press('Enter');
  await visible(page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`), `an active editor tab for ${name}`, timeout);
  await visible(page.locator('.editor-group-container.active .monaco-editor.focused'), `the ${name} editor to have focus`, timeout);
}

/** Saves a screenshot in test-results/ while a step is under way (the harness saves one after each step). */
async function snapshot(page, name) {
  await page.screenshot({ path: path.join(RESULTS, name) });
}

/** Widens the side bar to `width` px by dragging the sash on its right edge, as a person would. */
async function widenSidebar(page, width, timeout) {
  const sidebar = await visible(page.locator('.part.sidebar'), 'the side bar', timeout);
  const box = await sidebar.boundingBox();
  if (box.width >= width) return box.width;
  // The sash between the side bar and the editor: the enabled vertical sash nearest its right edge.
  const sash = await page.evaluate((edge) => {
    const found = [...document.querySelectorAll('.monaco-sash.vertical:not(.disabled)')]
      .map((el) => el.getBoundingClientRect())
      .filter((r) => r.height > 100 && Math.abs(r.x + r.width / 2 - edge) <= 6);
    return found[0] ? { x: found[0].x + found[0].width / 2, y: found[0].y + found[0].height / 2 } : null;
  }, box.x + box.width);
  if (!sash) throw new Error(`no sash at the side bar's right edge (x = ${box.x + box.width})`);
  await page.mouse.move(sash.x, sash.y);
  await page.mouse.down();
  await page.mouse.move(sash.x + (width - box.width), sash.y, { steps: 10 });
  await page.mouse.up();
  await page
    .waitForFunction((w) => document.querySelector('.part.sidebar').getBoundingClientRect().width >= w - 8, width, { timeout })
    .catch(() => {
      throw new Error(`the side bar did not widen to ${width} px by dragging its sash`);
    });
  return (await sidebar.boundingBox()).width;
}

/** Runs a command from the Command Palette (F1). */
async function runCommand(page, title, timeout) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = await visible(page.locator('.quick-input-widget input'), 'the Command Palette (F1)', timeout);
  await input.fill(`>${title}`);
  await visible(page.locator('.quick-input-list .monaco-list-row', { hasText: title }), `the command "${title}" in the Command Palette`, timeout);
  const first = page.locator('.quick-input-list .monaco-list-row[data-index="0"]');
  if (!((await first.textContent()) ?? '').includes(title)) {
    throw new Error(`the top Command Palette entry for "${title}" is "${await first.textContent()}"`);
  }
  await page.keyboard.press('Enter');
}

/** F1 → Search Papers, then types `query` into the picker's own search box. */
async function openSearch(page, query, timeout) {
  await runCommand(page, SEARCH_COMMAND, timeout);
  // The Command Palette closes and the command's own search box opens (without the '>').
  await page
    .waitForFunction(() => {
      const input = document.querySelector('.quick-input-widget:not([style*="display: none"]) input');
      return input && !input.value.startsWith('>');
    }, undefined, { timeout })
    .catch(() => {
      throw new Error(`"${SEARCH_COMMAND}" did not open a search box`);
    });
  await page.locator('.quick-input-widget input').first().fill(query);
}

// ---------------------------------------------------------------------------------------------
// the workbench itself (the harness's own check)

export async function workbench({ page, timeout }) {
  await visible(page.locator('.monaco-workbench'), 'the VS Code workbench', timeout);
  await visible(page.locator('.activitybar'), 'the activity bar', timeout);
  await visible(page.locator('.statusbar'), 'the status bar', timeout);
  // The fixture workspace is open: its folders show in the Explorer.
  await visible(page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'notes' }), 'the fixture workspace (notes/) in the Explorer', timeout);
  // Before the steps: a side bar wide enough to read paper titles (in the screenshots too).
  return `side bar ${Math.round(await widenSidebar(page, SIDEBAR_WIDTH, timeout))} px wide`;
}

// ---------------------------------------------------------------------------------------------
// 1. activity bar icon → tree of topics with counts → expand one → paper titles

export async function tree({ page, timeout }) {
  const icon = await visible(page.locator(`.activitybar [aria-label^="${VIEW_CONTAINER_TITLE}"]`), `the "${VIEW_CONTAINER_TITLE}" icon in the activity bar`, timeout);
  await icon.click();
  const sidebar = page.locator('.part.sidebar');
  await visible(sidebar.locator('.composite.title', { hasText: new RegExp(VIEW_CONTAINER_TITLE, 'i') }), `the "${VIEW_CONTAINER_TITLE}" side bar`, timeout);
  // Topics are the top-level rows; each shows a count (in its label or description).
  const topics = sidebar.locator('.monaco-list-row[aria-level="1"]');
  const withCount = topics.filter({ hasText: /\d+/ });
  await visible(withCount, 'topic rows with paper counts in the tree', timeout);
  const collapsible = topics.filter({ has: page.locator('.monaco-tl-twistie.collapsible') });
  await visible(collapsible, 'a collapsible topic row', timeout);
  // The topic with the fewest papers, so that the other topics stay in view (README screenshot).
  let topic = collapsible.first();
  let fewest = Infinity;
  for (const row of await collapsible.all()) {
    const count = Number(/(\d+)\s*$/.exec(((await row.textContent()) ?? '').trim())?.[1] ?? Infinity);
    if (count < fewest) [topic, fewest] = [row, count];
  }
  const topicName = ((await topic.textContent()) ?? '').trim();
  if ((await topic.getAttribute('aria-expanded')) !== 'true') await topic.click();
  await page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true', await topic.elementHandle(), { timeout }).catch(() => {
    throw new Error(`the topic "${topicName}" did not expand`);
  });
  const papers = sidebar.locator('.monaco-list-row[aria-level="2"]');
  await visible(papers, `paper titles under "${topicName}"`, timeout);
  const title = ((await papers.first().textContent()) ?? '').trim();
  if (title.length < 3) throw new Error(`the first paper under "${topicName}" has no title ("${title}")`);
  return `topic "${topicName}", first paper "${title.slice(0, 60)}"`;
}

// ---------------------------------------------------------------------------------------------
// 2. F1 → Search Papers → "positional encoding" → top result about it → Enter → cited in the note

export async function search({ page, timeout, state }) {
  await openFile(page, 'ideas.md', timeout);
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  const before = (await editorLines(page)).join('\n').match(/\[@[^\]\s]+\]/g)?.length ?? 0;

  await openSearch(page, 'positional encoding', timeout);
  const top = page.locator('.quick-input-list .monaco-list-row[data-index="0"]');
  await visible(top, 'search results for "positional encoding"', timeout);
  await visible(page.locator('.quick-input-list .monaco-list-row[data-index="2"]'), 'several ranked results', timeout);
  try {
    await page.waitForFunction(
      () => /positional/i.test(document.querySelector('.quick-input-list .monaco-list-row[data-index="0"]')?.textContent ?? ''),
      undefined,
      { timeout },
    );
  } catch {
    throw new Error(`the top result is not about positional encoding: "${((await top.textContent()) ?? '').slice(0, 120)}"`);
  }
  state.searchTop = ((await top.textContent()) ?? '').trim();
  await snapshot(page, 'e2e-2-search-picker.png');
  await page.keyboard.press('Enter');
  const citations = async () => (await editorLines(page)).join('\n').match(/\[@[^\]\s]+\]/g)?.length ?? 0;
  await waitUntil(page, async () => (await citations()) > before, 'a new [@key] citation in ideas.md', timeout, async () => (await editorLines(page)).slice(-8).join('\n  '));
  return `top result "${state.searchTop.slice(0, 70)}"`;
}

// ---------------------------------------------------------------------------------------------
// 3. in a note type `[@electra` → suggestions show ELECTRA → accept → the text reads [@<key>]

export async function complete({ page, timeout, state }) {
  await openFile(page, 'reading-log.md', timeout);
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type('[@electra');
  const suggest = page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
  try {
    await suggest.first().waitFor({ state: 'visible', timeout: Math.min(timeout, 5000) });
  } catch {
    // Not shown while typing: ask for it as a person would.
    await page.keyboard.press('Control+Space');
  }
  const electra = suggest.filter({ hasText: /ELECTRA/ });
  await visible(electra, 'ELECTRA in the suggestion list', timeout);
  await snapshot(page, 'e2e-3-complete-suggest.png');
  const focusedText = (await page.locator('.editor-widget.suggest-widget.visible .monaco-list-row.focused').first().textContent().catch(() => '')) ?? '';
  if (/ELECTRA/.test(focusedText)) await page.keyboard.press('Enter');
  else await electra.first().click();
  const line = await waitForEditorLine(page, (l) => /^\s*\[@[^\]\s]+\]\s*$/.test(l), 'the line to read exactly [@<key>]', timeout);
  const key = /\[@([^\]\s]+)\]/.exec(line)[1];
  if (!/electra/i.test(key)) throw new Error(`the accepted key "${key}" does not look like ELECTRA's`);
  state.electraKey = key;
  return `inserted [@${key}]`;
}

// ---------------------------------------------------------------------------------------------
// 4. hover the key → the hover shows the abstract

export async function hover({ page, timeout, state }) {
  const key = state.electraKey ?? 'electra2020';
  if (!state.electraKey) await openFile(page, 'reading-log.md', timeout); // cites [@electra2020]
  await page.keyboard.press('Escape');
  await waitForEditorLine(page, (l) => l.includes(`@${key}`), `@${key} in the editor`, timeout);
  // The on-screen position of the key (the lowest occurrence: the one step 3 just typed).
  const box = await page.evaluate((needle) => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor');
    const walker = document.createTreeWalker(editor.querySelector('.view-lines'), NodeFilter.SHOW_TEXT);
    let best = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.replace(/\u00a0/g, ' ');
      for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
        const range = document.createRange();
        range.setStart(n, i);
        range.setEnd(n, i + needle.length);
        const r = range.getBoundingClientRect();
        if (!best || r.y > best.y) best = { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }
    }
    return best;
  }, key.length > 3 ? key : `@${key}`);
  if (!box) throw new Error(`could not locate "${key}" on screen (it is split across editor tokens?)`);
  await page.mouse.move(box.x, box.y - 40);
  await page.mouse.move(box.x, box.y, { steps: 5 });
  const hoverBox = page.locator('.monaco-hover:not(.hidden)', { hasText: /replaced token detection|discriminat|pre-?train/i });
  await visible(hoverBox, `a hover over ${key} showing ELECTRA's abstract`, timeout);
  // Let the fade-in finish so the screenshot shows the hover as a person sees it.
  await page.waitForFunction(() => [...document.querySelectorAll('.monaco-hover:not(.hidden)')].some((el) => {
    for (let e = el; e; e = e.parentElement) if (Number(getComputedStyle(e).opacity) < 1) return false;
    return true;
  }), undefined, { timeout }).catch(() => {});
  return `hover shows "${(((await hoverBox.first().textContent()) ?? '').trim()).slice(0, 60)}…"`;
}

// ---------------------------------------------------------------------------------------------
// 5. the status bar shows the paper count

export async function status({ page, timeout }) {
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  const item = page.locator('.statusbar-item', { hasText: /\b\d[\d,]*\s+papers?\b/i });
  await visible(item, 'a status bar item like "342 papers"', timeout);
  const text = ((await item.first().textContent()) ?? '').trim();
  const n = Number(/(\d[\d,]*)\s+papers?/i.exec(text)[1].replace(/,/g, ''));
  if (!(n > 0)) throw new Error(`the status bar shows ${n} papers`);
  return `status bar: "${text}"`;
}

// ---------------------------------------------------------------------------------------------
// 6. the picker's item buttons from the keyboard: Ctrl+Alt+C copies the highlighted paper's key,
//    Ctrl+Alt+Enter opens it in its dump

export async function keys({ page, timeout }) {
  await openSearch(page, 'electra discriminators', timeout);
  const top = page.locator('.quick-input-list .monaco-list-row[data-index="0"]');
  await visible(top.filter({ hasText: /ELECTRA: Pre-training/ }), 'ELECTRA at the top of the picker', timeout);
  const picker = page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: /Search Papers/ }) });
  await visible(picker.filter({ hasText: /Ctrl\+Alt\+C copy key/ }), 'the keys named in the picker\'s title', timeout);
  await page.keyboard.press('Control+Alt+KeyC');
  const copied = await visible(page.locator('.statusbar-item', { hasText: /Copied citation key/ }), 'the status bar message "Copied citation key …"', timeout);
  const message = ((await copied.textContent()) ?? '').trim();
  if (!/electra/i.test(message)) throw new Error(`Ctrl+Alt+C copied another key: "${message}"`);
  await visible(top.filter({ hasText: /ELECTRA/ }), 'the picker still open after copying', timeout);
  await page.keyboard.press('Control+Alt+Enter');
  const tab = await visible(page.locator('.tabs-container .tab.active', { hasText: /\.txt|\.md/ }), 'an editor tab after Ctrl+Alt+Enter', timeout);
  await waitForEditorLine(page, (l) => l.includes('ELECTRA: Pre-training'), 'ELECTRA\'s entry in its dump', timeout);
  const name = ((await tab.textContent()) ?? '').trim();
  if (/\.md$/.test(name)) throw new Error(`Ctrl+Alt+Enter opened ${name}, not a dump`);
  return `${message}; opened ${name}`;
}

/** In order. Names are used in screenshot file names and in LITNOTES_E2E_STEPS. */
export const STEPS = [
  { n: 0, name: 'workbench', fn: workbench },
  { n: 1, name: 'tree', fn: tree },
  { n: 2, name: 'search', fn: search },
  { n: 3, name: 'complete', fn: complete },
  { n: 4, name: 'hover', fn: hover },
  { n: 5, name: 'status', fn: status },
  { n: 6, name: 'keys', fn: keys },
];
