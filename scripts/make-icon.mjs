#!/usr/bin/env node
// Renders the extension icon (media/icon.png, 128×128) from the SVG below with headless Chromium
// (Debian's /usr/bin/chromium, or CHROMIUM=/path). Run after editing the SVG: node scripts/make-icon.mjs
import { chromium } from 'playwright-core';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZE = 128;
const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'media', 'icon.png');

// An open book with a quotation mark on a rounded indigo tile.
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 128 128">
  <defs>
    <linearGradient id="tile" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#3b4bc8"/><stop offset="1" stop-color="#1e2a78"/>
    </linearGradient>
  </defs>
  <rect x="4" y="4" width="120" height="120" rx="26" fill="url(#tile)"/>
  <path d="M64 40C53 31 38 28 18 30v62c20-2 35 1 46 10 11-9 26-12 46-10V30C90 28 75 31 64 40z" fill="#f7f4ea"/>
  <path d="M64 40v62" stroke="#c9c2ad" stroke-width="3"/>
  <path d="M27 50h26M27 60h26M27 70h26M27 80h18" stroke="#8e96c9" stroke-width="4" stroke-linecap="round"/>
  <path d="M78 52c-4 3-6 7-6 12v10h11V63h-6c0-4 2-7 5-9zM95 52c-4 3-6 7-6 12v10h11V63h-6c0-4 2-7 5-9z" fill="#f2a33a"/>
</svg>`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  await page.setContent(`<body style="margin:0">${SVG}</body>`);
  await page.screenshot({ path: OUT, omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
  console.log(`wrote ${OUT}`);
} finally {
  await browser.close();
}
