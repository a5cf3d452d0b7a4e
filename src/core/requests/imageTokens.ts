/**
 * Image tokens by each provider's published formula, and the size of an image read from its
 * own header (PNG, JPEG, GIF, WebP), so an image inlined as a data URL is counted. An image
 * whose size is not in the file (a remote URL, a file id) is not counted, and says so.
 */

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/**
 * OpenAI's tile formula (vision guide, "Calculating costs"): `low` detail costs the base alone;
 * otherwise the image is scaled to fit a 2048 × 2048 square, then down so its shorter side is
 * 768 px, and every 512 px tile costs `perTile` on top of the base. GPT-4o's figures are 85 and
 * 170 (1024 × 1024 → 765 tokens; 2048 × 4096 → 1,105), gpt-4o-mini's 2,833 and 5,667.
 * `auto` is counted as `high`: the larger of the two, so a budget is not under-run.
 */
export function openAiImageTokens(size: ImageSize, detail: string | undefined, rates: OpenAiImageRates = GPT_4O_IMAGE_RATES): number {
  if (detail === 'low') return rates.base;
  let { width, height } = size;
  const fit = Math.min(1, 2048 / Math.max(width, height));
  width *= fit;
  height *= fit;
  const shorter = Math.min(width, height);
  if (shorter > 768) {
    width = (width * 768) / shorter;
    height = (height * 768) / shorter;
  }
  const tiles = Math.ceil(Math.round(width) / 512) * Math.ceil(Math.round(height) / 512);
  return rates.base + rates.perTile * tiles;
}

export interface OpenAiImageRates {
  readonly base: number;
  readonly perTile: number;
}

/** GPT-4o, GPT-4.1, GPT-4.5 and o1/o3's published rates (the vision guide's table). */
export const GPT_4O_IMAGE_RATES: OpenAiImageRates = { base: 85, perTile: 170 };
/** gpt-4o-mini's published rates: the same tiles, priced so the image costs about what GPT-4o's does. */
export const GPT_4O_MINI_IMAGE_RATES: OpenAiImageRates = { base: 2833, perTile: 5667 };

/**
 * Anthropic's published estimate (vision guide, "Evaluate image size"): tokens = width × height
 * / 750, after an image whose long edge is over 1,568 px is scaled down to it. Rounded up: the
 * guide's table gives 1,000 × 1,000 as ~1,334 and 1,092 × 1,092 as ~1,590.
 */
export function anthropicImageTokens(size: ImageSize): number {
  const fit = Math.min(1, 1568 / Math.max(size.width, size.height));
  return Math.ceil((Math.round(size.width * fit) * Math.round(size.height * fit)) / 750);
}

/** The size of a `data:image/…;base64,` URL's image, or undefined when it is not one or its header is not read. */
export function dataUrlImageSize(url: string): ImageSize | undefined {
  const match = /^data:image\/[a-z0-9.+-]+;base64,/i.exec(url);
  if (!match) return undefined;
  return base64ImageSize(url.slice(match[0].length));
}

/** The size of an image given as base64 (Anthropic's `source.data`). */
export function base64ImageSize(base64: string): ImageSize | undefined {
  // A header is near the start, but a JPEG's frame header may follow large metadata (EXIF, ICC
  // profiles of 64 KB and more): decode up to 1 MB of it, enough for the metadata seen in practice.
  const head = base64.slice(0, 4 * 262_144).replace(/[^A-Za-z0-9+/]/g, '');
  let binary: string;
  try {
    binary = atob(head.slice(0, head.length - (head.length % 4)));
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return imageSize(bytes);
}

/** Width and height from a PNG, GIF, WebP or JPEG header; undefined for anything else. */
export function imageSize(b: Uint8Array): ImageSize | undefined {
  const u16be = (i: number) => (b[i] << 8) | b[i + 1];
  const u16le = (i: number) => b[i] | (b[i + 1] << 8);
  const u24le = (i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
  const u32be = (i: number) => ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3];
  const ascii = (i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));
  const valid = (size: ImageSize) => (size.width > 0 && size.height > 0 ? size : undefined);
  // PNG: the signature, then IHDR's width and height (big-endian).
  if (b.length >= 24 && b[0] === 0x89 && ascii(1, 3) === 'PNG' && ascii(12, 4) === 'IHDR') return valid({ width: u32be(16), height: u32be(20) });
  if (b.length >= 10 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return valid({ width: u16le(6), height: u16le(8) });
  if (b.length >= 30 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') {
    const chunk = ascii(12, 4);
    if (chunk === 'VP8X') return valid({ width: u24le(24) + 1, height: u24le(27) + 1 });
    if (chunk === 'VP8L') {
      const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
      return valid({ width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 });
    }
    if (chunk === 'VP8 ') return valid({ width: u16le(26) & 0x3fff, height: u16le(28) & 0x3fff });
    return undefined;
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    // JPEG: walk the segments to the first start-of-frame (SOF0–SOF15 but DHT C4, JPG C8, DAC CC).
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return undefined;
      const marker = b[i + 1];
      if (marker === 0xff) {
        i++;
        continue;
      }
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return valid({ width: u16be(i + 7), height: u16be(i + 5) });
      i += 2 + u16be(i + 2);
    }
  }
  return undefined;
}
