import { crc32 } from 'node:zlib';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { detectContentType } from './content-type';
import {
  InvalidImage,
  MetadataNotStrippable,
  stripJpegMetadata,
  stripMetadata,
  stripPngMetadata,
  stripWebpMetadata,
} from './strip-metadata';
import { GPS_LATITUDE, GPS_LONGITUDE, exifApp1, latin1, pixels, u16be, u32le } from './testing/photos';

const u32be = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const includes = (haystack: Uint8Array, needle: Buffer | string) =>
  Buffer.from(haystack).includes(typeof needle === 'string' ? latin1(needle) : needle);

const segment = (marker: number, payload: Buffer) => Buffer.concat([Buffer.from([0xff, marker]), u16be(payload.length + 2), payload]);
const XMP = segment(0xe1, latin1('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>27,59.633N</exif:GPSLatitude></x:xmpmeta>'));
const IPTC = segment(0xed, latin1('Photoshop 3.0\x008BIM\x04\x04\0\0\0\0\0\x0c\x1c\x02\x50\0\x08Zhang San'));
const COMMENT = segment(0xfe, latin1('owner 13800138000'));
const ICC = segment(0xe2, latin1('ICC_PROFILE\0\x01\x01fake-profile-bytes'));
const MPF = segment(0xe2, latin1('MPF\0II*\0'));

describe('stripJpegMetadata: a phone photo with GPS in EXIF', () => {
  const encoded = jpeg.encode(pixels(), 90).data;
  // jpeg-js writes SOI, APP0 JFIF (18 bytes), then the image segments.
  const app0End = 2 + 2 + encoded.readUInt16BE(4);
  const head = encoded.subarray(0, app0End);
  const image = encoded.subarray(app0End);
  const trailingImage = Buffer.concat([Buffer.from([0xff, 0xd8]), exifApp1(), Buffer.from([0xff, 0xd9])]);
  const photo = Buffer.concat([head, exifApp1(), XMP, ICC, MPF, IPTC, COMMENT, image, trailingImage]);

  it('the constructed photo carries the EXIF GPS and decodes', () => {
    expect(detectContentType(photo)?.mime).toBe('image/jpeg');
    expect(includes(photo, 'Exif\0\0')).toBe(true);
    expect(includes(photo, GPS_LATITUDE)).toBe(true);
    expect(jpeg.decode(photo).width).toBe(16);
  });

  it('removes Exif, GPS, XMP, IPTC, comments and the images after EOI; keeps JFIF, ICC and every image segment', () => {
    const out = stripJpegMetadata(photo);
    for (const gone of ['Exif', 'HUAWEI', 'xmpmeta', 'GPSLatitude', 'Photoshop', 'Zhang San', '13800138000', 'MPF\0'])
      expect(includes(out, gone)).toBe(false);
    expect(includes(out, GPS_LATITUDE)).toBe(false);
    expect(includes(out, GPS_LONGITUDE)).toBe(false);
    // Exactly the encoder's file with the colour profile added: nothing of the image changed.
    expect(Buffer.from(out).equals(Buffer.concat([head, ICC, image]))).toBe(true);
    expect([out[0], out[1]]).toEqual([0xff, 0xd8]);
    expect([out[out.length - 2], out[out.length - 1]]).toEqual([0xff, 0xd9]);
    expect(includes(out, Buffer.from([0xff, 0xda]))).toBe(true);
  });

  it('the stripped photo decodes to the same pixels', () => {
    const before = jpeg.decode(photo, { useTArray: true });
    const after = jpeg.decode(stripJpegMetadata(photo), { useTArray: true });
    expect([after.width, after.height]).toEqual([16, 16]);
    expect(Buffer.from(after.data).equals(Buffer.from(before.data))).toBe(true);
  });

  it('a photo without metadata comes out byte for byte, and stripping twice changes nothing', () => {
    expect(Buffer.from(stripJpegMetadata(encoded)).equals(encoded)).toBe(true);
    const once = stripJpegMetadata(photo);
    expect(Buffer.from(stripJpegMetadata(once)).equals(Buffer.from(once))).toBe(true);
  });

  it('entropy data with restart markers and byte stuffing is copied whole', () => {
    // A DRI segment plus RST markers and stuffed 0xFF00 inside the scan, then EOI.
    const withRst = Buffer.concat([
      head,
      segment(0xdd, u16be(1)),
      image.subarray(0, image.length - 2),
      Buffer.from([0xff, 0x00, 0x12, 0xff, 0xd0, 0x34, 0xff, 0xd9]),
    ]);
    expect(Buffer.from(stripJpegMetadata(withRst)).equals(withRst)).toBe(true);
  });

  it('keeps only segments decoding needs: an APP15, a JPG13 and a JPG segment (any bytes a writer chose) go too', () => {
    const odd = [segment(0xef, latin1('owner 13800138000')), segment(0xfd, latin1('tel 13800138000')), segment(0xc8, latin1('x'))];
    const out = stripJpegMetadata(Buffer.concat([head, ...odd, image]));
    expect(Buffer.from(out).equals(Buffer.concat([head, image]))).toBe(true);
  });

  it.each([
    ['not a JPEG', latin1('GIF89a....')],
    ['cut inside a segment', photo.subarray(0, app0End + 10)],
    ['cut inside the scan (no EOI)', Buffer.concat([head, image.subarray(0, image.length - 20)])],
    ['garbage where a marker should be', Buffer.concat([head, latin1('xx'), image])],
  ])('refuses a malformed file: %s', (_name, bad) => {
    expect(() => stripJpegMetadata(bad)).toThrow(InvalidImage);
  });
});

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([latin1(type), data]);
  return Buffer.concat([u32be(data.length), typeAndData, u32be(crc32(typeAndData))]);
}
function chunkTypes(png: Uint8Array): string[] {
  const b = Buffer.from(png);
  const types: string[] = [];
  for (let i = 8; i < b.length; i += 12 + b.readUInt32BE(i)) types.push(b.toString('latin1', i + 4, i + 8));
  return types;
}

describe('stripPngMetadata', () => {
  const source = new PNG({ width: 16, height: 16 });
  pixels().data.copy(source.data);
  const encoded = PNG.sync.write(source);
  const ihdrEnd = 8 + 12 + 13;
  const trailer = latin1('trailing bytes after IEND');
  const png = Buffer.concat([
    encoded.subarray(0, ihdrEnd),
    chunk('eXIf', exifApp1().subarray(10)),
    chunk('tEXt', latin1('Author\0Zhang San')),
    chunk('iTXt', latin1('XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>GPSLatitude</x:xmpmeta>')),
    chunk('zTXt', latin1('Comment\0\0x')),
    chunk('tIME', Buffer.from([7, 233, 5, 1, 12, 0, 0])),
    encoded.subarray(ihdrEnd),
    trailer,
  ]);

  it('drops eXIf, tEXt, iTXt, zTXt and tIME and whatever follows IEND; the picture decodes the same', () => {
    expect(chunkTypes(png)).toEqual(expect.arrayContaining(['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME']));
    expect(PNG.sync.read(png.subarray(0, png.length - trailer.length)).width).toBe(16);
    const out = stripPngMetadata(png);
    expect(chunkTypes(out)).toEqual(chunkTypes(encoded));
    expect(Buffer.from(out).equals(encoded)).toBe(true);
    for (const gone of ['Zhang San', 'xmpmeta', 'trailing']) expect(includes(out, gone)).toBe(false);
    expect(includes(out, GPS_LATITUDE)).toBe(false);
    expect(PNG.sync.read(Buffer.from(out)).data.equals(PNG.sync.read(encoded).data)).toBe(true);
  });

  it('keeps the chunks that say how to show the pixels and drops the rest: sPLT, dSIG, private and unknown chunks', () => {
    const kept = [chunk('gAMA', u32be(45455)), chunk('pHYs', Buffer.from([0, 0, 11, 19, 0, 0, 11, 19, 1]))];
    const dropped = [chunk('sPLT', latin1('Zhang San\0\x08')), chunk('dSIG', latin1('sig')), chunk('prVt', latin1('tel 13800138000'))];
    const out = stripPngMetadata(Buffer.concat([encoded.subarray(0, ihdrEnd), ...kept, ...dropped, encoded.subarray(ihdrEnd)]));
    expect(Buffer.from(out).equals(Buffer.concat([encoded.subarray(0, ihdrEnd), ...kept, encoded.subarray(ihdrEnd)]))).toBe(true);
  });

  it('refuses a truncated PNG', () => {
    expect(() => stripPngMetadata(png.subarray(0, 60))).toThrow(InvalidImage);
  });
});

describe('stripWebpMetadata', () => {
  const riffChunk = (type: string, data: Buffer) =>
    Buffer.concat([latin1(type), u32le(data.length), data, data.length % 2 ? Buffer.from([0]) : Buffer.alloc(0)]);
  const riff = (...chunks: Buffer[]) => {
    const body = Buffer.concat([latin1('WEBP'), ...chunks]);
    return Buffer.concat([latin1('RIFF'), u32le(body.length), body]);
  };
  // VP8X flags: ICC 0x20, alpha 0x10, EXIF 0x08, XMP 0x04; then 24-bit width-1 and height-1.
  const vp8x = (flags: number) => riffChunk('VP8X', Buffer.from([flags, 0, 0, 0, 15, 0, 0, 15, 0, 0]));
  const bitstream = riffChunk('VP8L', latin1('/\x0f\xc0\x0fodd-length-bitstream'));

  it('drops the EXIF and XMP chunks, clears only their flags, and fixes the RIFF size', () => {
    const webp = riff(
      vp8x(0x10 | 0x08 | 0x04),
      bitstream,
      riffChunk('EXIF', exifApp1().subarray(10)),
      riffChunk('XMP ', latin1('<x:xmpmeta/>')),
    );
    const out = stripWebpMetadata(webp);
    expect(Buffer.from(out).equals(riff(vp8x(0x10), bitstream))).toBe(true);
    expect(includes(out, GPS_LATITUDE)).toBe(false);
    expect(detectContentType(out)?.mime).toBe('image/webp');
  });

  it('keeps the picture chunks (ICCP, ALPH, VP8L) and drops unknown ones', () => {
    const iccp = riffChunk('ICCP', latin1('profile'));
    const alph = riffChunk('ALPH', latin1('a'));
    const out = stripWebpMetadata(riff(vp8x(0x20 | 0x10), iccp, alph, bitstream, riffChunk('NOTE', latin1('tel 13800138000'))));
    expect(Buffer.from(out).equals(riff(vp8x(0x20 | 0x10), iccp, alph, bitstream))).toBe(true);
  });

  it('refuses a chunk that runs past the end', () => {
    const webp = riff(vp8x(0), bitstream);
    webp.writeUInt32LE(1000, 12 + 18 + 4);
    expect(() => stripWebpMetadata(webp)).toThrow(InvalidImage);
  });
});

describe('stripMetadata', () => {
  it('dispatches on the type, and has no public copy for types it cannot clean (HEIC, PDF)', () => {
    expect(stripMetadata(jpeg.encode(pixels(), 50).data, 'image/jpeg')[0]).toBe(0xff);
    expect(() => stripMetadata(latin1('%PDF-1.7'), 'application/pdf')).toThrow(MetadataNotStrippable);
    expect(() => stripMetadata(latin1('....ftypheic'), 'image/heic')).toThrow(MetadataNotStrippable);
  });
});
