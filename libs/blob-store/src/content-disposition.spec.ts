import { parse } from 'content-disposition';
import { contentDisposition } from './content-disposition';

describe('contentDisposition (RFC 6266, RFC 5987)', () => {
  it('a Chinese name: UTF-8 filename* and an ASCII fallback, inline for a photo', () => {
    const header = contentDisposition('现场照片.jpg', 'inline');
    expect(header).toBe("inline; filename=_.jpg; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.jpg");
    expect(parse(header)).toMatchObject({ type: 'inline', parameters: { filename: '现场照片.jpg' } });
  });

  it('attachment to download; a name with spaces, parentheses and quotes survives the round trip', () => {
    const header = contentDisposition('整改报告 (final) "v2".pdf', 'attachment');
    expect(header.startsWith('attachment; filename="_ (final) \\"v2\\".pdf"; filename*=UTF-8\'\'')).toBe(true);
    expect(parse(header).parameters.filename).toBe('整改报告 (final) "v2".pdf');
  });

  it('an ASCII name needs no filename*', () => {
    expect(contentDisposition('report.pdf', 'attachment')).toBe('attachment; filename=report.pdf');
  });

  it('keeps only the last path segment and drops control characters (no header injection)', () => {
    expect(contentDisposition('../../etc/passwd', 'attachment')).toBe('attachment; filename=passwd');
    expect(contentDisposition('C:\\Users\\张三\\a.jpg', 'inline')).toBe('inline; filename=a.jpg');
    const header = contentDisposition('a\r\nSet-Cookie: x=1.jpg', 'inline');
    expect(header).not.toMatch(/[\r\n]/);
    expect(parse(header).parameters.filename).toBe('aSet-Cookie: x=1.jpg');
  });

  it('no usable name: the type alone', () => {
    expect(contentDisposition(undefined, 'attachment')).toBe('attachment');
    expect(contentDisposition(' /\u0000', 'inline')).toBe('inline');
  });
});
