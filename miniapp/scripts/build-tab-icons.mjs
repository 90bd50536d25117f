#!/usr/bin/env node
// Draws the five tab-bar icons as SVG and rasterises each to the 81×81 PNGs WeChat's tabBar
// requires (iconPath and selectedIconPath), in the theme's muted and primary colours, with
// @resvg/resvg-js. The PNGs are committed; run `npm run icons -w miniapp` after changing a shape.
import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// src/theme.css: --color-muted and --color-primary
const COLORS = { normal: '#646a73', selected: '#1a66ff' };
const SIZE = 81;

// 24-unit line icons, drawn with the stroke colour; `fill` marks shapes filled when selected.
const ICONS = {
  discover: `
    <circle cx="12" cy="12" r="9.25"/>
    <path d="M15.6 8.4 13.4 13.4 8.4 15.6 10.6 10.6Z" data-fill="1"/>`,
  news: `
    <rect x="3.75" y="4.25" width="16.5" height="15.5" rx="2" data-fill="soft"/>
    <path d="M7.5 8.5h9M7.5 12h9M7.5 15.5h5.5"/>`,
  applications: `
    <rect x="4.75" y="4.25" width="14.5" height="16.5" rx="2" data-fill="soft"/>
    <path d="M9 3.25h6v3h-6z"/>
    <path d="M8.5 12.25l2.25 2.25 4.75-4.75"/>`,
  messages: `
    <path d="M6.5 16.75V11a5.5 5.5 0 0 1 11 0v5.75l1.5 1.75H5z" data-fill="soft"/>
    <path d="M10 20.5a2.2 2.2 0 0 0 4 0"/>`,
  me: `
    <circle cx="12" cy="8.5" r="4" data-fill="soft"/>
    <path d="M4.5 20.25c.9-3.9 3.9-6 7.5-6s6.6 2.1 7.5 6"/>`,
};

function svg(shapes, color, selected) {
  const body = shapes
    .replace(/ data-fill="1"/g, selected ? ` fill="${color}"` : '')
    .replace(/ data-fill="soft"/g, selected ? ` fill="${color}" fill-opacity="0.14"` : '');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 24 24"
    fill="none" stroke="${color}" stroke-width="${selected ? 1.9 : 1.6}" stroke-linecap="round"
    stroke-linejoin="round">${body}</svg>`;
}

const out = join(dirname(fileURLToPath(import.meta.url)), '../src/assets/tab');
mkdirSync(out, { recursive: true });
for (const [name, shapes] of Object.entries(ICONS)) {
  for (const [state, color] of Object.entries(COLORS)) {
    const selected = state === 'selected';
    const png = new Resvg(svg(shapes, color, selected), {
      fitTo: { mode: 'width', value: SIZE },
    })
      .render()
      .asPng();
    const file = join(out, `${name}${selected ? '-active' : ''}.png`);
    writeFileSync(file, png);
    console.log(`${file} ${png.length} bytes`);
  }
}
