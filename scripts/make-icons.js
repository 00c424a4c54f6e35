#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS script run by Node, no build step */
// Draws the add-in icon (a blue rounded square with a white check mark) at every size the manifest and the
// stores use, and writes real RGBA PNGs to assets/ with Node's zlib only (no image packages).
//
//   node scripts/make-icons.js            writes assets/icon-{16,32,64,80,128}.png
//   node scripts/make-icons.js --check    exits 1 if a committed icon differs from what this script draws
//
// The shapes are defined in a unit square and rendered with 8x8 supersampling, so small sizes stay crisp.
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SIZES = [16, 32, 64, 80, 128];
const ASSETS = path.resolve(__dirname, '..', 'assets');

// Fluent "brand" blue, white mark.
const BLUE = [0x0f, 0x6c, 0xbd];
const WHITE = [0xff, 0xff, 0xff];

/** Is (x, y) inside the rounded square (unit coordinates)? */
function inRoundedSquare(x, y, inset, radius) {
  const lo = inset;
  const hi = 1 - inset;
  if (x < lo || x > hi || y < lo || y > hi) return false;
  const cx = Math.min(Math.max(x, lo + radius), hi - radius);
  const cy = Math.min(Math.max(y, lo + radius), hi - radius);
  const dx = x - cx;
  const dy = y - cy;
  return dx * dx + dy * dy <= radius * radius;
}

/** Distance from (x, y) to the segment a-b. */
function distToSegment(x, y, a, b) {
  const vx = b[0] - a[0];
  const vy = b[1] - a[1];
  const t = Math.max(0, Math.min(1, ((x - a[0]) * vx + (y - a[1]) * vy) / (vx * vx + vy * vy)));
  const px = a[0] + t * vx - x;
  const py = a[1] + t * vy - y;
  return Math.sqrt(px * px + py * py);
}

/** Is (x, y) on the check mark (a thick polyline with round joins and caps)? */
function inCheck(x, y, size) {
  // A slightly thicker stroke at 16 px keeps the mark two pixels wide.
  const half = size <= 16 ? 0.075 : 0.068;
  const p = [
    [0.26, 0.52],
    [0.43, 0.69],
    [0.75, 0.33],
  ];
  return distToSegment(x, y, p[0], p[1]) <= half || distToSegment(x, y, p[1], p[2]) <= half;
}

/** Renders one icon as RGBA rows. */
function draw(size) {
  const ss = 8;
  const inset = size <= 16 ? 0 : 1 / size; // one transparent pixel around larger icons
  const radius = 0.2;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let mark = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const x = (px + (sx + 0.5) / ss) / size;
          const y = (py + (sy + 0.5) / ss) / size;
          if (inRoundedSquare(x, y, inset, radius)) {
            bg++;
            if (inCheck(x, y, size)) mark++;
          }
        }
      }
      const n = ss * ss;
      const alpha = bg / n;
      const white = bg === 0 ? 0 : mark / bg;
      const o = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) {
        rgba[o + c] = Math.round(BLUE[c] + (WHITE[c] - BLUE[c]) * white);
      }
      rgba[o + 3] = Math.round(alpha * 255);
    }
  }
  return rgba;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Encodes RGBA pixels as a PNG (8-bit RGBA, filter type 0 on every row). */
function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // no interlace
  const stride = size * 4;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (stride + 1)] = 0;
    rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Decodes the pixels of a PNG written by encodePng (used by --check, which compares pixels, not bytes). */
function decodePixels(png) {
  let offset = 8;
  const idat = [];
  let size = 0;
  while (offset < png.length) {
    const len = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + len);
    if (type === 'IHDR') size = data.readUInt32BE(0);
    if (type === 'IDAT') idat.push(data);
    offset += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = size * 4;
  const rgba = Buffer.alloc(stride * size);
  for (let y = 0; y < size; y++) raw.copy(rgba, y * stride, y * (stride + 1) + 1, (y + 1) * (stride + 1));
  return { size, rgba };
}

function main() {
  const check = process.argv.includes('--check');
  let stale = 0;
  fs.mkdirSync(ASSETS, { recursive: true });
  for (const size of SIZES) {
    const file = path.join(ASSETS, `icon-${size}.png`);
    const rgba = draw(size);
    if (check) {
      const ok = fs.existsSync(file) && decodePixels(fs.readFileSync(file)).rgba.equals(rgba);
      console.log(`${ok ? 'ok  ' : 'STALE'} ${path.relative(process.cwd(), file)}`);
      if (!ok) stale++;
    } else {
      const png = encodePng(size, rgba);
      fs.writeFileSync(file, png);
      console.log(`wrote ${path.relative(process.cwd(), file)} (${size}x${size}, ${png.length} bytes)`);
    }
  }
  if (stale > 0) {
    console.error(`${stale} icon(s) differ from scripts/make-icons.js: run node scripts/make-icons.js`);
    process.exitCode = 1;
  }
}

if (require.main === module) main();

module.exports = { SIZES, draw, encodePng, decodePixels };
