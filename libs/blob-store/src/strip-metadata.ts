/*
 * The public copy of a photo carries no metadata: EXIF holds the GPS position of the camera (where the
 * citizen lives, often), its serial number and the time; XMP and IPTC can hold names. Pixels, colour
 * profiles and whatever decoding needs are kept byte for byte; nothing is re-encoded.
 */

export class InvalidImage extends Error {
  constructor(
    readonly mime: string,
    reason: string,
  ) {
    super(`not a well-formed ${mime}: ${reason}`);
    this.name = new.target.name;
  }
}

/** HEIC, PDF and the rest: their metadata cannot be removed here, so they have no public copy. */
export class MetadataNotStrippable extends Error {
  constructor(readonly mime: string) {
    super(`metadata cannot be removed from ${mime}`);
    this.name = new.target.name;
  }
}

export const STRIPPABLE_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/webp'];

export function stripMetadata(bytes: Uint8Array, mime: string): Uint8Array {
  if (mime === 'image/jpeg') return stripJpegMetadata(bytes);
  if (mime === 'image/png') return stripPngMetadata(bytes);
  if (mime === 'image/webp') return stripWebpMetadata(bytes);
  throw new MetadataNotStrippable(mime);
}

const startsWithText = (bytes: Uint8Array, offset: number, text: string) =>
  bytes.length >= offset + text.length && [...text].every((c, i) => bytes[offset + i] === c.charCodeAt(0));

/** APPn segments decoding needs: JFIF (APP0), the ICC colour profile (APP2), Adobe's colour transform (APP14). */
function keepAppSegment(marker: number, bytes: Uint8Array, payload: number): boolean {
  if (marker === 0xe0) return startsWithText(bytes, payload, 'JFIF\0');
  if (marker === 0xe2) return startsWithText(bytes, payload, 'ICC_PROFILE\0');
  if (marker === 0xee) return startsWithText(bytes, payload, 'Adobe');
  return false;
}

/**
 * The marker segments a decoder needs (frame, tables, scans, restart interval, hierarchical and
 * arithmetic-coding ones). Anything else (the reserved JPGn, JPG, unknown markers) can carry any bytes
 * a writer chose, a name or a phone number, so it is dropped like the metadata segments.
 */
const isDecodingSegment = (marker: number): boolean =>
  (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc8) || (marker >= 0xda && marker <= 0xdf);

/**
 * Keeps only what decoding needs: the frame, table and scan segments and the JFIF/ICC/Adobe APPn;
 * drops APP1 (Exif, XMP), APP13 (IPTC), the other APPn, comments and any other segment, and ends the
 * file at the first image's EOI: phones append more images after it (MPF depth and gain maps), each
 * with its own EXIF.
 */
export function stripJpegMetadata(bytes: Uint8Array): Uint8Array {
  const bad = (reason: string) => new InvalidImage('image/jpeg', reason);
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) throw bad('no SOI marker');
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  let i = 2;
  for (;;) {
    if (i + 1 >= bytes.length) throw bad('ends before EOI');
    if (bytes[i] !== 0xff) throw bad(`expected a marker at byte ${i}`);
    while (bytes[i + 1] === 0xff && i + 2 < bytes.length) i++; // fill bytes
    const marker = bytes[i + 1];
    const start = i;
    i += 2;
    if (marker === 0xd9) {
      parts.push(bytes.subarray(start, i));
      break;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      parts.push(bytes.subarray(start, i));
      continue;
    }
    if (i + 2 > bytes.length) throw bad('truncated segment');
    const length = (bytes[i] << 8) | bytes[i + 1];
    if (length < 2 || i + length > bytes.length) throw bad('truncated segment');
    const end = i + length;
    const isApp = marker >= 0xe0 && marker <= 0xef;
    if (isApp ? keepAppSegment(marker, bytes, i + 2) : isDecodingSegment(marker)) parts.push(bytes.subarray(start, end));
    i = end;
    if (marker === 0xda) {
      // Entropy-coded data up to the next marker: 0xFF is followed by 0x00 (stuffing) or RSTn inside it.
      while (i + 1 < bytes.length && !(bytes[i] === 0xff && bytes[i + 1] !== 0x00 && !(bytes[i + 1] >= 0xd0 && bytes[i + 1] <= 0xd7))) i++;
      parts.push(bytes.subarray(end, i));
    }
  }
  return concat(parts);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/**
 * The chunks that say how to show the pixels (PNG 3rd edition, APNG included). Everything else goes:
 * eXIf, the text chunks (tEXt, iTXt, zTXt, where XMP lives), tIME, sPLT and dSIG, and any private or
 * unknown chunk, which a writer may fill with anything (a name, a phone number).
 */
const PNG_KEPT = new Set([
  'IHDR',
  'PLTE',
  'IDAT',
  'IEND',
  'tRNS',
  'cHRM',
  'gAMA',
  'iCCP',
  'sBIT',
  'sRGB',
  'cICP',
  'mDCV',
  'mDCv',
  'cLLI',
  'cLLi',
  'bKGD',
  'hIST',
  'pHYs',
  'acTL',
  'fcTL',
  'fdAT',
]);

/** Keeps the chunks in PNG_KEPT, each copied with its CRC; drops the rest. */
export function stripPngMetadata(bytes: Uint8Array): Uint8Array {
  const bad = (reason: string) => new InvalidImage('image/png', reason);
  if (!PNG_SIGNATURE.every((b, k) => bytes[k] === b)) throw bad('no PNG signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  for (let i = 8; ;) {
    if (i + 12 > bytes.length) throw bad('ends before IEND');
    const length = view.getUint32(i);
    const end = i + 12 + length;
    if (end > bytes.length) throw bad('truncated chunk');
    const type = String.fromCharCode(...bytes.subarray(i + 4, i + 8));
    if (PNG_KEPT.has(type)) parts.push(bytes.subarray(i, end));
    if (type === 'IEND') break;
    i = end;
  }
  return concat(parts);
}

/** The WebP chunks that make the picture (lossy, lossless, alpha, animation, colour profile); unknown ones may hold anything. */
const WEBP_KEPT = new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ANIM', 'ANMF', 'ICCP']);

/** Keeps the chunks in WEBP_KEPT (EXIF, XMP and unknown ones go) and clears the EXIF/XMP flags in VP8X; the RIFF size is recomputed. */
export function stripWebpMetadata(bytes: Uint8Array): Uint8Array {
  const bad = (reason: string) => new InvalidImage('image/webp', reason);
  if (!startsWithText(bytes, 0, 'RIFF') || !startsWithText(bytes, 8, 'WEBP')) throw bad('no RIFF WEBP header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffEnd = Math.min(bytes.length, 8 + view.getUint32(4, true));
  const parts: Uint8Array[] = [bytes.slice(0, 12)];
  for (let i = 12; i < riffEnd;) {
    if (i + 8 > riffEnd) throw bad('truncated chunk header');
    const type = String.fromCharCode(...bytes.subarray(i, i + 4));
    const size = view.getUint32(i + 4, true);
    const end = i + 8 + size + (size % 2);
    if (i + 8 + size > riffEnd) throw bad('truncated chunk');
    if (type === 'VP8X') {
      const chunk = bytes.slice(i, Math.min(end, riffEnd));
      chunk[8] &= ~(0x08 | 0x04); // EXIF and XMP present flags
      parts.push(chunk);
    } else if (WEBP_KEPT.has(type)) {
      parts.push(bytes.subarray(i, Math.min(end, riffEnd)));
    }
    i = end;
  }
  const out = concat(parts);
  new DataView(out.buffer, out.byteOffset, out.byteLength).setUint32(4, out.length - 8, true);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
