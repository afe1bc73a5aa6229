import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { projectRoot } from '../core/app-paths';

/**
 * Draws the app icon of resources/icon.svg (a green rounded square with a white K) at every
 * size the installers need, without an image library: build/icon.png (1024, macOS makes its
 * .icns from it), build/icons/NxN.png (Linux) and build/icon.ico (Windows, PNG-compressed images).
 * Run with `npm run icons` after changing the drawing.
 */
const green = [0x0b, 0x65, 0x48] as const;
// The K of icon.svg, in its 64-unit square.
const letterK: [number, number][] = [
  [18, 16], [26, 16], [26, 29], [38, 16], [48, 16], [34, 31], [49, 48], [38, 48], [26, 34], [26, 48], [18, 48],
];
const cornerRadius = 14;

function insidePolygon(x: number, y: number, points: [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i]!;
    const [xj, yj] = points[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function insideRoundedSquare(x: number, y: number): boolean {
  const cx = Math.min(Math.max(x, cornerRadius), 64 - cornerRadius);
  const cy = Math.min(Math.max(y, cornerRadius), 64 - cornerRadius);
  return x >= 0 && x <= 64 && y >= 0 && y <= 64 && (x - cx) ** 2 + (y - cy) ** 2 <= cornerRadius ** 2;
}

/** RGBA pixels of the icon at `size`, each pixel averaged over 4 × 4 samples (anti-aliasing). */
function drawIcon(size: number): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let square = 0;
      let letter = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = ((px + (sx + 0.5) / samples) * 64) / size;
          const y = ((py + (sy + 0.5) / samples) * 64) / size;
          if (!insideRoundedSquare(x, y)) continue;
          square++;
          if (insidePolygon(x, y, letterK)) letter++;
        }
      }
      const total = samples * samples;
      const white = square === 0 ? 0 : letter / square;
      const offset = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) pixels[offset + c] = Math.round(green[c]! * (1 - white) + 255 * white);
      pixels[offset + 3] = Math.round((255 * square) / total);
    }
  }
  return pixels;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function encodePng(size: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** An .ico holding PNG images (read by Windows Vista and later). */
export function encodeIco(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0); // 0 means 256
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

export const linuxIconSizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const windowsIconSizes = [16, 24, 32, 48, 64, 128, 256];

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const buildDir = path.join(projectRoot, 'build');
  const png = new Map(linuxIconSizes.map((size) => [size, encodePng(size, drawIcon(size))]));
  fs.mkdirSync(path.join(buildDir, 'icons'), { recursive: true });
  fs.writeFileSync(path.join(buildDir, 'icon.png'), png.get(1024)!);
  for (const [size, data] of png) fs.writeFileSync(path.join(buildDir, 'icons', `${size}x${size}.png`), data);
  fs.writeFileSync(path.join(buildDir, 'icon.ico'), encodeIco(windowsIconSizes.map((size) => ({ size, png: png.get(size)! }))));
  console.log(`Icônes écrites dans ${buildDir}.`);
}
