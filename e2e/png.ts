/**
 * Reads the PNGs the designer exports (a browser canvas's encoding: 8-bit
 * RGBA, not interlaced) into pixels, with node:zlib, so that a test can look
 * at what was drawn where.
 */
import { inflateSync } from 'node:zlib';

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, row by row. */
  data: Uint8Array;
}

const paeth = (a: number, b: number, c: number) => {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

const at = (bytes: Uint8Array, i: number) => bytes[i] ?? 0;

/** Undoes one scanline's filter (PNG spec 9.2) in place, `previous` being the row above, decoded. */
function unfilter(filter: number, row: Uint8Array, previous: Uint8Array): void {
  for (let i = 0; i < row.length; i++) {
    const left = i >= 4 ? at(row, i - 4) : 0;
    const up = at(previous, i);
    const upLeft = i >= 4 ? at(previous, i - 4) : 0;
    const predicted = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
    if (predicted === undefined) throw new Error(`PNG: unknown filter ${filter}`);
    row[i] = (at(row, i) + predicted) & 0xff;
  }
}

/** What a region of the image holds: the share of dark pixels (strokes, text) and the mean colour. */
export function look(pixels: Pixels, box: { x: number; y: number; width: number; height: number }) {
  const [x0, y0, x1, y1] = [box.x, box.y, box.x + box.width, box.y + box.height].map(Math.round) as [
    number,
    number,
    number,
    number,
  ];
  let dark = 0;
  const sum = [0, 0, 0];
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = (y * pixels.width + x) * 4;
      const rgb = [at(pixels.data, i), at(pixels.data, i + 1), at(pixels.data, i + 2)];
      if (rgb.reduce((a, b) => a + b) < 3 * 150) dark++;
      rgb.forEach((v, c) => (sum[c] = (sum[c] ?? 0) + v));
    }
  const count = Math.max(1, (x1 - x0) * (y1 - y0));
  return { dark: dark / count, colour: sum.map((s) => s / count) };
}

export function decodePng(png: Buffer): Pixels {
  if (png.subarray(1, 4).toString() !== 'PNG') throw new Error('not a PNG');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const [depth, colour, , , interlace] = png.subarray(24, 29);
  if (depth !== 8 || colour !== 6 || interlace !== 0) throw new Error('PNG: only 8-bit RGBA, not interlaced');
  const idat: Buffer[] = [];
  for (let chunk = 8; chunk < png.length;) {
    const length = png.readUInt32BE(chunk);
    if (png.toString('latin1', chunk + 4, chunk + 8) === 'IDAT') idat.push(png.subarray(chunk + 8, chunk + 8 + length));
    chunk += length + 12;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const data = new Uint8Array(stride * height);
  let previous = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    unfilter(at(raw, y * (stride + 1)), row, previous);
    data.set(row, y * stride);
    previous = row;
  }
  return { width, height, data };
}
