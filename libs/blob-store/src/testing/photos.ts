/* Test pictures for the metadata tests: a phone photo's EXIF with a GPS position, built byte by byte. */
import * as jpeg from 'jpeg-js';

export const latin1 = (s: string) => Buffer.from(s, 'latin1');
export const u16be = (n: number) => Buffer.from([n >> 8, n & 0xff]);
export const u32le = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
/** A real 16×16 picture (a gradient), encoded by an independent encoder. */
export function pixels(width = 16, height = 16): { width: number; height: number; data: Buffer } {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([(i * 7) % 256, (i * 13) % 256, (i * 29) % 256, 255], i * 4);
  return { width, height, data };
}

/**
 * A little-endian TIFF/EXIF block as a phone writes it: IFD0 with Make and a pointer to the GPS IFD,
 * which holds 27°59'38.00"N 120°39'22.00"E (Wenzhou).
 */
export const GPS_LATITUDE = Buffer.concat(
  [27, 1, 59, 1, 3800, 100].map((n) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  }),
);
export const GPS_LONGITUDE = Buffer.concat(
  [120, 1, 39, 1, 2200, 100].map((n) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  }),
);
export function exifApp1(): Buffer {
  const entry = (tag: number, type: number, count: number, value: Buffer) => {
    const b = Buffer.alloc(12);
    b.writeUInt16LE(tag, 0);
    b.writeUInt16LE(type, 2);
    b.writeUInt32LE(count, 4);
    value.copy(b, 8);
    return b;
  };
  const ifd0At = 8;
  const ifd0Size = 2 + 2 * 12 + 4;
  const makeAt = ifd0At + ifd0Size;
  const make = latin1('HUAWEI\0\0');
  const gpsAt = makeAt + make.length;
  const gpsSize = 2 + 4 * 12 + 4;
  const latAt = gpsAt + gpsSize;
  const lngAt = latAt + 24;
  const tiff = Buffer.concat([
    latin1('II*\0'),
    u32le(ifd0At),
    Buffer.from([2, 0]),
    entry(0x010f, 2, 7, u32le(makeAt)), // Make (ASCII)
    entry(0x8825, 4, 1, u32le(gpsAt)), // GPSInfo IFD pointer
    u32le(0),
    make,
    Buffer.from([4, 0]),
    entry(0x0001, 2, 2, latin1('N\0\0\0')),
    entry(0x0002, 5, 3, u32le(latAt)),
    entry(0x0003, 2, 2, latin1('E\0\0\0')),
    entry(0x0004, 5, 3, u32le(lngAt)),
    u32le(0),
    GPS_LATITUDE,
    GPS_LONGITUDE,
  ]);
  const payload = Buffer.concat([latin1('Exif\0\0'), tiff]);
  return Buffer.concat([Buffer.from([0xff, 0xe1]), u16be(payload.length + 2), payload]);
}

/** A 16×16 JPEG (jpeg-js) with the EXIF block above right after its JFIF header: what a phone uploads. */
export function jpegWithGpsExif(): Buffer {
  const encoded = jpeg.encode(pixels(), 90).data;
  const app0End = 2 + 2 + encoded.readUInt16BE(4);
  return Buffer.concat([encoded.subarray(0, app0End), exifApp1(), encoded.subarray(app0End)]);
}

/** Whether the bytes hold the EXIF header or either GPS coordinate of exifApp1(). */
export const holdsGpsExif = (bytes: Uint8Array): boolean =>
  [latin1('Exif\0\0'), GPS_LATITUDE, GPS_LONGITUDE].some((needle) => Buffer.from(bytes).includes(needle));
