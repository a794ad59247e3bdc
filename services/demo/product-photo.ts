/**
 * The demo's product photos, drawn in code as small PNGs (node:zlib, no binary file in the repository): a
 * garment's silhouette in its colour on a light background, enough for `npm start` to show a buyer's page with
 * a photo. A PNG is a signature, an IHDR chunk, zlib-deflated scanlines in IDAT chunks and an IEND chunk, each
 * chunk with its CRC-32 (node:zlib's).
 */
import { crc32, deflateSync } from "node:zlib";

/** The demo garments' shapes. */
export type GarmentShape = "t-shirt" | "trousers" | "shirt";

function chunk(type: string, data: Uint8Array): Buffer {
  const typed = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  typed.copy(out, 4);
  out.writeUInt32BE(crc32(typed), 8 + data.length);
  return out;
}

/** Whether (x, y) of a 4:3 picture (both 0..1) is inside the garment's silhouette. */
function inside(shape: GarmentShape, x: number, y: number): boolean {
  const cx = Math.abs(x - 0.5);
  if (shape === "trousers") {
    if (y < 0.12 || y > 0.92) return false;
    if (y < 0.4) return cx < 0.17; // waist and seat
    return cx < 0.17 && cx > 0.02 + (y - 0.4) * 0.06; // two legs, the gap widening downwards
  }
  // T-shirt and shirt: a body and two sleeves; the shirt has long sleeves and a placket.
  const body = y > 0.15 && y < 0.9 && cx < 0.16;
  const sleeveEnd = shape === "shirt" ? 0.75 : 0.42;
  const sleeve = y > 0.15 && y < sleeveEnd && cx < 0.16 + (sleeveEnd - y) * 0.35 && cx < 0.3;
  const neck = y < 0.2 && cx < 0.05;
  const placket = shape === "shirt" && cx < 0.006 && y > 0.2;
  return (body || sleeve) && !neck && !placket;
}

/**
 * A `width`×`height` RGB PNG of a garment silhouette in `colour` (`[r, g, b]`) on an off-white background.
 * @example writeFileSync("navy-tshirt.png", productPhotoPng("t-shirt", [31, 45, 90]))
 */
export function productPhotoPng(
  shape: GarmentShape,
  colour: readonly [number, number, number],
  width = 320,
  height = 240,
): Buffer {
  const background = [244, 241, 236] as const;
  // Each scanline: filter byte 0 (none), then RGB triples.
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const [r, g, b] = inside(shape, x / width, y / height) ? colour : background;
      raw[row + 1 + x * 3] = r;
      raw[row + 2 + x * 3] = g;
      raw[row + 3 + x * 3] = b;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  // compression, filter and interlace methods: 0
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", new Uint8Array(0)),
  ]);
}
