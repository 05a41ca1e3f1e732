/*
 * The type of an upload, from its first bytes; the name and the Content-Type the client sent are not
 * trusted. Hand-written signatures for the few types attachments may have: the `file-type` package is
 * ESM-only since v17 (Jest and the CommonJS build cannot load it) and its last CommonJS line (16.x)
 * is no longer kept.
 */
export interface DetectedType {
  mime: string;
  /** Without the dot; used to name the file on download. */
  extension: string;
}

const ascii = (bytes: Uint8Array, offset: number, text: string) =>
  bytes.length >= offset + text.length && [...text].every((c, i) => bytes[offset + i] === c.charCodeAt(0));
const startsWith = (bytes: Uint8Array, signature: number[]) =>
  bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);

const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx']);
const MP4_BRANDS = new Set(['isom', 'iso2', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'dash', 'M4V ', 'M4A ', 'f4v ']);

/** ISO base media (HEIC, AVIF, MP4, QuickTime): a `ftyp` box first, naming a major and compatible brands. */
function isoBmff(bytes: Uint8Array): DetectedType | undefined {
  if (!ascii(bytes, 4, 'ftyp')) return undefined;
  const boxSize = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  if (boxSize < 16 || bytes.length < 12) return undefined;
  const brandAt = (o: number) => String.fromCharCode(bytes[o], bytes[o + 1], bytes[o + 2], bytes[o + 3]);
  const brands = [brandAt(8)];
  for (let o = 16; o + 4 <= Math.min(boxSize, bytes.length); o += 4) brands.push(brandAt(o));
  if (brands.some((b) => HEIC_BRANDS.has(b))) return { mime: 'image/heic', extension: 'heic' };
  if (brands[0] === 'avif' || brands[0] === 'avis') return { mime: 'image/avif', extension: 'avif' };
  if (brands.some((b) => b === 'mif1' || b === 'msf1')) return { mime: 'image/heif', extension: 'heif' };
  if (brands[0] === 'qt  ') return { mime: 'video/quicktime', extension: 'mov' };
  if (brands.some((b) => MP4_BRANDS.has(b))) return { mime: 'video/mp4', extension: 'mp4' };
  return undefined;
}

export function detectContentType(bytes: Uint8Array): DetectedType | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', extension: 'jpg' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: 'image/png', extension: 'png' };
  if (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) return { mime: 'image/gif', extension: 'gif' };
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return { mime: 'image/webp', extension: 'webp' };
  if (ascii(bytes, 0, '%PDF-')) return { mime: 'application/pdf', extension: 'pdf' };
  return isoBmff(bytes);
}
