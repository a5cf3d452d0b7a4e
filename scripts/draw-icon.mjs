// Draws the extension's icon, media/icon.png (128×128 RGBA), with no dependency: shapes are
// sampled 4×4 per pixel for smooth edges and the PNG is written with node:zlib.
//
//   node scripts/draw-icon.mjs
//
// The motif is what the extension shows in an editor: a few lines of text cut into tokens,
// each token a rounded segment in the boundaries palette (package.json `contributes.colors`,
// at full opacity here), neighbours never the same colour, the last line shorter like the end
// of a paragraph; a lens over them shows its tokens in full colour, the rest muted. No letters:
// the marketplace and the extensions view show the icon as small as 32 px.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;

/** The token palette's dark-theme colours (token1…token6Background without their alpha). */
const violet = [0x8b, 0x6c, 0xff];
const green = [0x3f, 0xb9, 0x50];
const amber = [0xf0, 0xa0, 0x30];
const red = [0xef, 0x5a, 0x5f];
const blue = [0x2f, 0xa8, 0xe8];
const pink = [0xe0, 0x5c, 0xc0];

/** Rows of token widths (px) and colours, left-aligned; gaps between tokens and rows below. */
// Laid out by hand, many short items to a line.
// prettier-ignore
const rows = [
  [[30, violet], [18, green], [34, amber]],
  [[22, blue], [40, red], [20, pink]],
  [[38, green], [22, violet]],
];
const TOKEN_HEIGHT = 18;
const TOKEN_GAP = 5;
const ROW_GAP = 9;
const LEFT = 18;

/** A rounded rectangle, as a test for a point. */
function roundedRect(x, y, width, height, radius) {
  return (px, py) => {
    if (px < x || px > x + width || py < y || py > y + height) return false;
    const cx = Math.min(Math.max(px, x + radius), x + width - radius);
    const cy = Math.min(Math.max(py, y + radius), y + height - radius);
    return (px - cx) ** 2 + (py - cy) ** 2 <= radius ** 2;
  };
}

/** Shapes painted in order, later over earlier: [inside(x, y), colour(x, y)]. */
const shapes = [];
// The tile: a deep indigo rounded square, lighter at the top so it does not read as a hole.
const tile = (y) => mix([0x2b, 0x27, 0x5e], [0x16, 0x14, 0x33], y / SIZE);
shapes.push([roundedRect(0, 0, SIZE, SIZE, 26), (_x, y) => tile(y)]);
// The "scope": a lens over the middle of the text, its handle to the lower right.
const LENS = { x: 78, y: 62, radius: 27, ring: 6 };
const underLens = (px, py) => Math.hypot(px - LENS.x, py - LENS.y) < LENS.radius;
const blockHeight = rows.length * TOKEN_HEIGHT + (rows.length - 1) * ROW_GAP;
let top = (SIZE - blockHeight) / 2;
for (const row of rows) {
  let left = LEFT;
  for (const [width, colour] of row) {
    // Outside the lens a token is muted towards the tile; under it, in full colour.
    shapes.push([roundedRect(left, top, width, TOKEN_HEIGHT, 6), (px, py) => (underLens(px, py) ? colour : mix(colour, tile(py), 0.45))]);
    left += width + TOKEN_GAP;
  }
  top += TOKEN_HEIGHT + ROW_GAP;
}

// The lens's ring and handle, in near-white.
const ink = [0xf4, 0xf2, 0xff];
shapes.push([(px, py) => Math.abs(Math.hypot(px - LENS.x, py - LENS.y) - LENS.radius) <= LENS.ring / 2, () => ink]);
shapes.push([capsule(LENS.x + 21, LENS.y + 21, 112, 112, 5.5), () => ink]);

/** A segment with round ends (the lens handle), as a test for a point. */
function capsule(x1, y1, x2, y2, radius) {
  return (px, py) => {
    const dx = x2 - x1,
      dy = y2 - y1;
    const t = Math.min(1, Math.max(0, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy)) <= radius;
  };
}

function mix(a, b, t) {
  return a.map((v, i) => v + (b[i] - v) * t);
}

/** Straight-alpha RGBA of one pixel: the average of its samples, each the topmost shape there. */
function pixel(x, y) {
  let r = 0,
    g = 0,
    b = 0,
    covered = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const px = x + (sx + 0.5) / SAMPLES;
      const py = y + (sy + 0.5) / SAMPLES;
      for (let i = shapes.length - 1; i >= 0; i--) {
        const [inside, colour] = shapes[i];
        if (!inside(px, py)) continue;
        const [cr, cg, cb] = colour(px, py);
        r += cr;
        g += cg;
        b += cb;
        covered++;
        break;
      }
    }
  }
  if (covered === 0) return [0, 0, 0, 0];
  return [r / covered, g / covered, b / covered, (covered / SAMPLES ** 2) * 255].map(Math.round);
}

/** A PNG: signature, IHDR (8-bit RGBA), one IDAT of filter-0 scanlines, IEND. */
function encodePng(width, height, rgbaAt) {
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 4);
    for (let x = 0; x < width; x++) raw.set(rgbaAt(x, y), row + 1 + x * 4);
  }
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), deflate, no filter choice, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'media', 'icon.png');
writeFileSync(out, encodePng(SIZE, SIZE, pixel));
console.log(`wrote ${out}`);
