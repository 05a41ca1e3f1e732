import { randomBytes } from 'node:crypto';
import {
  ALLOWED_ATTACHMENT_TYPES,
  AttachmentTooLarge,
  TooManyAttachments,
  UnsupportedAttachmentType,
  checkAttachment,
  checkAttachments,
} from './attachment-policy';
import { detectContentType } from './content-type';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
/** An ISO-BMFF `ftyp` box with a major brand and compatible brands, then some payload. */
const ftyp = (major: string, ...compatible: string[]) => {
  const size = 16 + 4 * compatible.length;
  return bytes([0, 0, 0, size], 'ftyp', major, [0, 0, 0, 0], ...compatible, [0, 0, 0, 8], 'mdat');
};

describe('detectContentType: from the bytes, not the name', () => {
  it.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF\0'), 'image/jpeg', 'jpg'],
    ['PNG', bytes([0x89], 'PNG\r\n', [0x1a, 0x0a], [0, 0, 0, 13], 'IHDR'), 'image/png', 'png'],
    ['GIF87a', bytes('GIF87a', [1, 0, 1, 0]), 'image/gif', 'gif'],
    ['GIF89a', bytes('GIF89a', [1, 0, 1, 0]), 'image/gif', 'gif'],
    ['WebP', bytes('RIFF', [30, 0, 0, 0], 'WEBPVP8 '), 'image/webp', 'webp'],
    ['PDF', bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), 'application/pdf', 'pdf'],
    ['HEIC (iPhone)', ftyp('heic', 'mif1', 'heic'), 'image/heic', 'heic'],
    ['HEIF with a heic brand among the compatible ones', ftyp('mif1', 'mif1', 'heic'), 'image/heic', 'heic'],
    ['HEIF without HEVC', ftyp('mif1', 'mif1'), 'image/heif', 'heif'],
    ['AVIF', ftyp('avif', 'avif', 'mif1'), 'image/avif', 'avif'],
    ['MP4', ftyp('isom', 'isom', 'iso2', 'avc1', 'mp41'), 'video/mp4', 'mp4'],
    ['QuickTime', ftyp('qt  ', 'qt  '), 'video/quicktime', 'mov'],
  ])('%s', (_name, sample, mime, extension) => {
    expect(detectContentType(sample)).toEqual({ mime, extension });
  });

  it.each([
    ['empty', bytes()],
    ['two JPEG bytes only', bytes([0xff, 0xd8])],
    ['text claiming to be a photo', bytes('photo.jpg')],
    ['a Windows program', bytes('MZ', [0x90, 0, 3, 0])],
    ['a ZIP (an .docx)', bytes('PK', [3, 4, 20, 0])],
    ['RIFF that is not WebP (WAV)', bytes('RIFF', [30, 0, 0, 0], 'WAVEfmt ')],
    ['ftyp with an unknown brand', ftyp('xxxx', 'yyyy')],
    ['ftyp box too short', bytes([0, 0, 0, 8], 'ftypheic')],
    ['random bytes', randomBytes(64).fill(0, 0, 4)],
  ])('unknown: %s', (_name, sample) => {
    expect(detectContentType(sample)).toBeUndefined();
  });
});

describe('attachment policy', () => {
  const jpeg = bytes([0xff, 0xd8, 0xff, 0xe0], randomBytes(100).toString('latin1'));
  const limits = { maxBytes: 1000, maxCount: 3 };

  it('allows the photo and document types of the spec, not GIF or video', () => {
    expect(ALLOWED_ATTACHMENT_TYPES).toEqual(
      expect.arrayContaining(['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf']),
    );
    expect(ALLOWED_ATTACHMENT_TYPES).not.toContain('image/gif');
    expect(ALLOWED_ATTACHMENT_TYPES).not.toContain('video/mp4');
  });

  it('returns the type from the bytes', () => {
    expect(checkAttachment(jpeg, limits)).toEqual({ mime: 'image/jpeg', extension: 'jpg' });
  });

  it('refuses a known but not allowed type, and an unknown one, naming the rule "type" (415)', () => {
    const gif = () => checkAttachment(bytes('GIF89a', [1, 0, 1, 0]), limits);
    expect(gif).toThrow(UnsupportedAttachmentType);
    expect(gif).toThrow(/image\/gif is not accepted; allowed: image\/jpeg/);
    expect(() => checkAttachment(bytes('hello'), limits)).toThrow(expect.objectContaining({ rule: 'type', detected: undefined }));
  });

  it('refuses more than maxBytes, naming the rule "size" (413); exactly maxBytes is fine', () => {
    const atLimit = Buffer.concat([jpeg, Buffer.alloc(1000 - jpeg.length)]);
    expect(checkAttachment(atLimit, limits).mime).toBe('image/jpeg');
    expect(() => checkAttachment(Buffer.concat([atLimit, Buffer.alloc(1)]), limits)).toThrow(
      expect.objectContaining({ rule: 'size', limit: 1000 }),
    );
    expect(() => checkAttachment(Buffer.alloc(1001), limits)).toThrow(AttachmentTooLarge);
  });

  it('refuses more than maxCount files, naming the rule "count" (413), before looking at any', () => {
    expect(checkAttachments([jpeg, jpeg, jpeg], limits)).toHaveLength(3);
    expect(() => checkAttachments([jpeg, jpeg, jpeg, bytes('x')], limits)).toThrow(TooManyAttachments);
    expect(() => checkAttachments([jpeg, jpeg, jpeg, jpeg], limits)).toThrow(expect.objectContaining({ rule: 'count', limit: 3 }));
  });
});
