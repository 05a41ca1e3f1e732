import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import * as jpeg from 'jpeg-js';
import type { Test } from 'supertest';
import { findPersonalData } from '@wenzheng/redaction';
import { exifApp1, holdsGpsExif, jpegWithGpsExif, latin1, pixels, u16be, u32le } from '../../libs/blob-store/src/testing/photos';
import { AttachmentStore } from '../../apps/api/src/attachments/attachment-store';
import { createTestApp, TestApp } from '../setup/app';
import { DEPT_A, DEPT_B, Tokens, submission, tokens } from '../setup/petitions';
import { bearer, mintToken } from '../setup/tokens';

// The attacker's pass over the routes issue 13 added (attachments, districts, Open311): who may call
// each, with which ids, which bodies, and how many at once. Every answer is a 4xx naming the field
// and the rule or the documented success; never a 500, never personal data on a public route.

const MAX_BYTES = 64 * 1024;
const MAX_COUNT = 3;
const API_KEY = 'attack-test-key-0123456789';
const OTHER_KEY = 'another-client-key-9876543210';
const PHONE = '13912345678';
const PHOTO = jpegWithGpsExif();

let t: TestApp;
let tk: Tokens;
let store: AttachmentStore;
const blobs = mkdtempSync(path.join(tmpdir(), 'handling-attack-'));

beforeAll(async () => {
  t = await createTestApp({
    ATTACHMENT_MAX_BYTES: String(MAX_BYTES),
    ATTACHMENT_MAX_COUNT: String(MAX_COUNT),
    BLOB_STORE: 'fs',
    BLOB_FS_ROOT: blobs,
    OPEN311_API_KEYS: [API_KEY, OTHER_KEY].map((k, i) => `client${i}:${createHash('sha256').update(k).digest('hex')}`).join(','),
  });
  tk = await tokens();
  store = t.app.get(AttachmentStore);
});
afterAll(async () => {
  await t?.close();
  rmSync(blobs, { recursive: true, force: true });
});

// --- crafted files -------------------------------------------------------------------------------

const pngChunk = (type: string, data: Buffer) => {
  const body = Buffer.concat([latin1(type), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
/** A 2×2 RGB PNG with the given chunks between IHDR and IDAT. */
const png = (extra: Buffer[]) => {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    ...extra,
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
};
const jpegSegment = (marker: number, payload: Buffer) => Buffer.concat([Buffer.from([0xff, marker]), u16be(payload.length + 2), payload]);
/** A real JPEG (jpeg-js) with the given segments right after its JFIF header. */
const jpegWith = (segments: Buffer[]) => {
  const encoded = jpeg.encode(pixels(), 90).data;
  const app0End = 4 + encoded.readUInt16BE(4);
  return Buffer.concat([encoded.subarray(0, app0End), ...segments, encoded.subarray(app0End)]);
};
const XMP = latin1(
  `http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>张伟 ${PHONE}</dc:creator><exif:GPSLatitude>27,59.63N</exif:GPSLatitude></x:xmpmeta>`,
);
const ICC = Buffer.concat([latin1('ICC_PROFILE\0'), Buffer.from([1, 1]), latin1('fake-icc-profile-for-colour')]);
const riffChunk = (type: string, data: Buffer) =>
  Buffer.concat([latin1(type), u32le(data.length), data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
const webp = (chunks: Buffer[]) => {
  const body = Buffer.concat([latin1('WEBP'), ...chunks]);
  return Buffer.concat([latin1('RIFF'), u32le(body.length), body]);
};
const VP8L = riffChunk('VP8L', Buffer.from([0x2f, 0x01, 0x40, 0x00, 0x00, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00]));

// --- helpers ---------------------------------------------------------------------------------------

/** Collects a binary answer's bytes (supertest buffers only the types it knows). */
const binary = (req: Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
const multipart = (url: string, payload: object, files: Buffer[], names = files.map(() => 'photo.jpg')) => {
  let req = t.http().post(url).field('payload', JSON.stringify(payload));
  files.forEach((f, i) => (req = req.attach('files', f, { filename: names[i], contentType: 'image/jpeg' })));
  return req;
};
/** A multipart body written by hand: the parts exactly as given. */
const rawMultipart = (url: string, parts: { headers: string; body: Buffer | string }[], boundary = 'xAtTaCkx') => {
  const body = Buffer.concat([
    ...parts.flatMap((p) => [Buffer.from(`--${boundary}\r\n${p.headers}\r\n\r\n`), Buffer.from(p.body), latin1('\r\n')]),
    latin1(`--${boundary}--\r\n`),
  ]);
  return t.http().post(url).set('Content-Type', `multipart/form-data; boundary=${boundary}`).send(body);
};
const payloadPart = (payload: object) => ({ headers: 'Content-Disposition: form-data; name="payload"', body: JSON.stringify(payload) });
const filePart = (bytes: Buffer, filename = 'photo.jpg') => ({
  headers: `Content-Disposition: form-data; name="files"; filename="${filename}"\r\nContent-Type: image/jpeg`,
  body: bytes,
});
const eventsOf = async (id: string) =>
  (
    await t.runtime.pool.query<{ type: string; data: { attachments?: { id: string }[] } }>(
      `select type, data from wz_es.events where stream_id = $1 order by revision`,
      [`petition-${id}`],
    )
  ).rows;
const attachmentsOf = async (id: string, type = 'PetitionSubmitted') =>
  ((await eventsOf(id)).find((e) => e.type === type)?.data.attachments ?? []) as { id: string; contentType: string; size: number }[];
const eventCount = async () => (await t.runtime.pool.query<{ n: number }>(`select count(*)::int as n from wz_es.events`)).rows[0].n;
const publicCopy = (code: string, id: string) => binary(t.http().get(`/api/public/petitions/${code}/attachments/${id}`));
const original = (caseId: string, id: string) => binary(t.http().get(`/api/petitions/${caseId}/attachments/${id}`));
const review = (id: string, body: object = { outcome: 'accepted' }) =>
  t.http().post(`/api/petitions/${id}/review`).set(bearer(tk.reviewer)).send(body).expect(200);
const dispatch = (id: string, departmentId: string) =>
  t.http().post(`/api/petitions/${id}/dispatch`).set(bearer(tk.reviewer)).send({ departmentId }).expect(200);
/** A public case with one photo. */
const publicPhotoCase = async (file = PHOTO) => {
  const res = await multipart('/api/petitions', submission(), [file]).expect(201);
  const c = res.body as { id: string; trackingCode: string; accessKey: string };
  const [a] = await attachmentsOf(c.id);
  await review(c.id);
  await t.waitForProjections();
  return { ...c, attachmentId: a.id };
};

// --- attachments: bodies -----------------------------------------------------------------------

describe('attachments: what is uploaded', () => {
  it('a JPEG carrying an HTML page in a comment segment is a JPEG: the public copy drops the page, both copies are served as image/jpeg with nosniff and a sandbox', async () => {
    const page = latin1('<html><body><script>alert(document.cookie)</script></body></html>');
    const c = await publicPhotoCase(jpegWith([jpegSegment(0xfe, page)]));
    const pub = await publicCopy(c.trackingCode, c.attachmentId).expect(200);
    expect((pub.body as Buffer).includes(page)).toBe(false);
    expect(jpeg.decode(pub.body as Buffer).width).toBe(16);
    const own = await original(c.id, c.attachmentId).set('X-Access-Key', c.accessKey).expect(200);
    for (const r of [pub, own]) {
      expect(r.headers['content-type']).toBe('image/jpeg');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
      expect(r.headers['content-disposition']).toBe(`inline; filename=${c.attachmentId}.jpg`);
    }
  });

  it.each([
    [
      'a JPEG signature followed by an HTML page',
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), latin1('<html><script>alert(1)</script></html>')]),
    ],
    ['an SVG named .jpg and sent as image/jpeg', latin1('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
    ['an SVG with an XML prolog', latin1('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['an HTML page with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), latin1('<!doctype html><script>alert(1)</script>')])],
    ['a zero-byte file', Buffer.alloc(0)],
    ['a GIF (not an accepted type)', latin1('GIF89a\x01\x00\x01\x00\x00\x00\x00;')],
    ['a PNG signature with nothing after it', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ])('415 for %s, naming files[0]; nothing appended, nothing stored', async (_name, bytes) => {
    const id = randomUUID();
    const res = await multipart('/api/petitions', submission({ id }), [bytes]).expect(415);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'files[0]' })]);
    expect(await eventsOf(id)).toEqual([]);
    expect(await store.store.list(`petition/${id}/`)).toEqual([]);
  });

  it('a JPEG with GPS EXIF, an XMP block (name and phone), an ICC profile, an APP15 and a JPG13 segment: the public copy keeps only the ICC profile', async () => {
    const app15 = jpegSegment(0xef, latin1(`owner ${PHONE}`));
    const jpg13 = jpegSegment(0xfd, latin1(`owner ${PHONE}`));
    const file = jpegWith([exifApp1(), jpegSegment(0xe1, XMP), jpegSegment(0xe2, ICC), app15, jpg13]);
    expect(holdsGpsExif(file)).toBe(true);
    const c = await publicPhotoCase(file);
    const pub = (await publicCopy(c.trackingCode, c.attachmentId).expect(200)).body as Buffer;
    expect(holdsGpsExif(pub)).toBe(false);
    expect(pub.includes(latin1('xmpmeta'))).toBe(false);
    expect(pub.includes(latin1(PHONE))).toBe(false);
    expect(pub.includes(ICC)).toBe(true);
    expect(jpeg.decode(pub).width).toBe(16);
    const own = (await original(c.id, c.attachmentId).set('X-Access-Key', c.accessKey).expect(200)).body as Buffer;
    expect(own.includes(latin1(PHONE))).toBe(true);
  });

  it('a PNG with a phone number in tEXt, iTXt, zTXt, eXIf and a private chunk: none of them in the public copy', async () => {
    const file = png([
      pngChunk('tEXt', latin1(`Author\0张伟 ${PHONE}`)),
      pngChunk('iTXt', latin1(`XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>${PHONE}</x:xmpmeta>`)),
      pngChunk('zTXt', Buffer.concat([latin1('Comment\0\0'), deflateSync(latin1(PHONE))])),
      pngChunk('eXIf', latin1(`MM\0*${PHONE}`)),
      pngChunk('prVt', latin1(`phone ${PHONE}`)),
      pngChunk('gAMA', Buffer.from([0, 0, 0xb1, 0x8f])),
    ]);
    const c = await publicPhotoCase(file);
    const pub = (await publicCopy(c.trackingCode, c.attachmentId).expect(200)).body as Buffer;
    expect(pub.includes(latin1(PHONE))).toBe(false);
    expect(pub.includes(deflateSync(latin1(PHONE)))).toBe(false);
    expect(pub.includes(latin1('prVt'))).toBe(false);
    expect(pub.includes(latin1('gAMA'))).toBe(true);
    expect(pub.includes(latin1('IDAT'))).toBe(true);
  });

  it('a WebP with a phone number in EXIF, XMP and an unknown chunk: none of them in the public copy', async () => {
    const file = webp([
      VP8L,
      riffChunk('EXIF', latin1(`MM\0*${PHONE}`)),
      riffChunk('XMP ', latin1(PHONE)),
      riffChunk('NOTE', latin1(`tel ${PHONE}`)),
    ]);
    const c = await publicPhotoCase(file);
    const pub = await publicCopy(c.trackingCode, c.attachmentId).expect(200);
    expect(pub.headers['content-type']).toBe('image/webp');
    expect((pub.body as Buffer).includes(latin1(PHONE))).toBe(false);
    expect((pub.body as Buffer).includes(latin1('VP8L'))).toBe(true);
  });

  it('a file name with ../, a right-to-left override and a NUL is not kept: the key and the Content-Disposition use the attachment id', async () => {
    const names = ['../../../etc/passwd', 'photo\u202Egpj.exe', '..\\..\\boot.ini'];
    const res = await rawMultipart('/api/petitions', [payloadPart(submission()), ...names.map((n) => filePart(PHOTO, n))]).expect(201);
    const id = (res.body as { id: string }).id;
    const refs = await attachmentsOf(id);
    expect(refs).toHaveLength(3);
    expect(await store.store.list(`petition/${id}/`)).toEqual(
      refs.flatMap((r) => [`petition/${id}/${r.id}/original`, `petition/${id}/${r.id}/public`]).sort(),
    );
    const served = await original(id, refs[1].id).set('X-Access-Key', res.body.accessKey).expect(200);
    expect(served.headers['content-disposition']).toBe(`inline; filename=${refs[1].id}.jpg`);
    // A NUL in a part's header is not multipart: 400, nothing appended.
    const before = await eventCount();
    const nul = await rawMultipart('/api/petitions', [payloadPart(submission()), filePart(PHOTO, 'a\0b.jpg')]).expect(400);
    expect(nul.body.details).toEqual([expect.objectContaining({ field: 'body', rule: 'multipart' })]);
    expect(await eventCount()).toBe(before);
  });

  it('1000 tiny file parts: 413 naming files; 1000 tiny fields: 400; nothing appended', async () => {
    const before = await eventCount();
    const files = Array.from({ length: 1000 }, () => filePart(Buffer.from([0xff])));
    const tooMany = await rawMultipart('/api/petitions', [payloadPart(submission()), ...files]).expect(413);
    expect(tooMany.body.details).toEqual([expect.objectContaining({ field: 'files', rule: 'count' })]);
    const fields = Array.from({ length: 1000 }, (_, i) => ({ headers: `Content-Disposition: form-data; name="f${i}"`, body: 'x' }));
    await rawMultipart('/api/petitions', [payloadPart(submission()), ...fields]).expect(400);
    expect(await eventCount()).toBe(before);
  });

  it('a payload larger than the body limit: 413 naming payload; the payload twice: 400', async () => {
    const before = await eventCount();
    const huge = await rawMultipart('/api/petitions', [payloadPart(submission({ content: '停水'.repeat(60_000) }))]).expect(413);
    expect(huge.body.details).toEqual([expect.objectContaining({ field: 'payload' })]);
    await rawMultipart('/api/petitions', [payloadPart(submission()), payloadPart(submission())]).expect(400);
    expect(await eventCount()).toBe(before);
  });

  it('multipart without a boundary, with a broken body, or to a route that takes no files: a 4xx, nothing appended', async () => {
    const before = await eventCount();
    const noBoundary = await t.http().post('/api/petitions').set('Content-Type', 'multipart/form-data').send('--x\r\n\r\n');
    expect(noBoundary.status).toBe(400);
    expect(noBoundary.body.details).toEqual([expect.objectContaining({ field: 'body', rule: 'multipart' })]);
    const broken = await t
      .http()
      .post('/api/petitions')
      .set('Content-Type', 'multipart/form-data; boundary=zz')
      .send('--zz\r\nContent-Disposition: form-data; name="payload"\r\n\r\n{"a":1');
    expect(broken.status).toBe(400);
    const p = await multipart('/api/petitions', submission(), []).expect(201);
    const elsewhere = await t
      .http()
      .post(`/api/petitions/${p.body.id}/review`)
      .set(bearer(tk.reviewer))
      .field('payload', JSON.stringify({ outcome: 'accepted' }))
      .attach('files', PHOTO, 'photo.jpg');
    expect(elsewhere.status).toBeGreaterThanOrEqual(400);
    expect(elsewhere.status).toBeLessThan(500);
    expect(await eventCount()).toBe(before + 1);
  });

  it('a refused payload echoes no personal data in its error', async () => {
    const res = await multipart(
      '/api/petitions',
      submission({ citizen: { name: '张伟', phone: `x${PHONE}`, email: 'zhangwei@example' } }),
      [PHOTO],
    ).expect(400);
    expect(res.text).not.toContain(PHONE);
    expect(res.text).not.toContain('zhangwei@example');
    expect(res.text).not.toContain('张伟');
  });

  it('50 concurrent identical uploads with one Idempotency-Key append once and store once; the key with another file is 422', async () => {
    const id = randomUUID();
    const key = `attack-${id}`;
    const send = (file: Buffer) => multipart('/api/petitions', submission({ id }), [file]).set('Idempotency-Key', key);
    const answers = await Promise.all(Array.from({ length: 50 }, () => send(PHOTO)));
    expect(answers.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(new Set(answers.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect((await eventsOf(id)).filter((e) => e.type === 'PetitionSubmitted')).toHaveLength(1);
    const [ref] = await attachmentsOf(id);
    expect(await store.store.list(`petition/${id}/`)).toEqual([`petition/${id}/${ref.id}/original`, `petition/${id}/${ref.id}/public`]);
    const other = await send(jpegWith([jpegSegment(0xfe, latin1('another'))]));
    expect(other.status).toBe(422);
    expect(await store.store.list(`petition/${id}/`)).toHaveLength(2);
  });
});

// --- attachments: who and which id -------------------------------------------------------------

describe('attachments: who asks, with which id', () => {
  let c: Awaited<ReturnType<typeof publicPhotoCase>>;
  let other: Awaited<ReturnType<typeof publicPhotoCase>>;
  beforeAll(async () => {
    c = await publicPhotoCase();
    other = await publicPhotoCase();
  });

  it('the original: anonymous 401, another citizen 404, another department 404, a wrong access key 404', async () => {
    await original(c.id, c.attachmentId).expect(401);
    const citizen = await mintToken({ roles: ['citizen'], sub: 'citizen-someone-else' });
    await original(c.id, c.attachmentId).set(bearer(citizen)).expect(404);
    await original(c.id, c.attachmentId).set(bearer(tk.handlerB)).expect(404);
    await original(c.id, c.attachmentId).set('X-Access-Key', other.accessKey).expect(404);
    await original(c.id, c.attachmentId).set('X-Access-Key', 'bad key; x=1').expect(401);
  });

  it('another case’s attachment id: 404 with this case’s tracking code, id or access key', async () => {
    await publicCopy(c.trackingCode, other.attachmentId).expect(404);
    await original(c.id, other.attachmentId).set('X-Access-Key', c.accessKey).expect(404);
    await original(c.id, other.attachmentId).set(bearer(tk.reviewer)).expect(404);
    await publicCopy(other.trackingCode, other.attachmentId).expect(200);
  });

  it.each([['..%2F..%2F..%2Fetc%2Fpasswd'], ['..%252F..%252Fpublic'], ['%00'], ['x'.repeat(500)]])(
    'a path in the attachment id (%s): 400 or 404, never bytes',
    async (bad) => {
      const pub = await t.http().get(`/api/public/petitions/${c.trackingCode}/attachments/${bad}`);
      const own = await t.http().get(`/api/petitions/${c.id}/attachments/${bad}`).set('X-Access-Key', c.accessKey);
      for (const r of [pub, own]) expect([400, 404]).toContain(r.status);
    },
  );

  it('an uppercase id is the same attachment; a lowercase tracking code is 400 or 404', async () => {
    const upper = await publicCopy(c.trackingCode, c.attachmentId.toUpperCase()).expect(200);
    expect(upper.headers['content-disposition']).toBe(`inline; filename=${c.attachmentId}.jpg`);
    await original(c.id.toUpperCase(), c.attachmentId.toUpperCase()).set('X-Access-Key', c.accessKey).expect(200);
    const lower = await t.http().get(`/api/public/petitions/${c.trackingCode.toLowerCase()}/attachments/${c.attachmentId}`);
    expect([200, 400, 404]).toContain(lower.status);
  });

  it('a department that returned the case sees the original only with a stated reason; the department it went to reads it', async () => {
    const p = await multipart('/api/petitions', submission({ publicConsent: false }), [PHOTO]).expect(201);
    const [a] = await attachmentsOf(p.body.id);
    await review(p.body.id);
    await dispatch(p.body.id, DEPT_A);
    await original(p.body.id, a.id).set(bearer(tk.handlerA)).expect(200);
    await t.http().post(`/api/petitions/${p.body.id}/return`).set(bearer(tk.handlerA)).send({ reason: '不属本单位职责' }).expect(200);
    await dispatch(p.body.id, DEPT_B);
    const masked = await original(p.body.id, a.id).set(bearer(tk.handlerA)).expect(403);
    expect(String(masked.body)).not.toContain('JFIF');
    await original(p.body.id, a.id).set(bearer(tk.handlerB)).expect(200);
    // Not public: no public copy for anyone.
    await publicCopy(p.body.trackingCode, a.id).expect(404);
  });

  it('a case hidden by moderation: its public list and copy are 404 at once; restored, they are back', async () => {
    const h = await publicPhotoCase();
    const moderate = (action: string) =>
      t
        .http()
        .post(`/api/petitions/${h.id}/moderation`)
        .set(bearer(tk.reviewer))
        .send({ target: 'case', action, reason: '含有他人隐私' })
        .expect(200);
    await moderate('hide');
    await t.waitForProjections();
    await publicCopy(h.trackingCode, h.attachmentId).expect(404);
    await t.http().get(`/api/public/petitions/${h.trackingCode}/attachments`).expect(404);
    await original(h.id, h.attachmentId).set('X-Access-Key', h.accessKey).expect(200);
    await moderate('restore');
    await t.waitForProjections();
    await publicCopy(h.trackingCode, h.attachmentId).expect(200);
  });

  it('a comment hidden by moderation takes its photo off the public route; the case’s own photo stays', async () => {
    const h = await publicPhotoCase();
    await multipart(`/api/petitions/${h.trackingCode}/comments`, { text: '我家门口也一样' }, [PHOTO]).expect(200);
    await t.waitForProjections();
    const listed = (await t.http().get(`/api/public/petitions/${h.trackingCode}/attachments`).expect(200)).body as {
      id: string;
      on: string;
      commentId?: string;
    }[];
    const onComment = listed.find((a) => a.on === 'comment')!;
    await publicCopy(h.trackingCode, onComment.id).expect(200);
    await t
      .http()
      .post(`/api/petitions/${h.id}/moderation`)
      .set(bearer(tk.reviewer))
      .send({ target: 'comment', commentId: onComment.commentId, action: 'hide', reason: '跟帖含有他人照片' })
      .expect(200);
    await t.waitForProjections();
    await publicCopy(h.trackingCode, onComment.id).expect(404);
    await publicCopy(h.trackingCode, h.attachmentId).expect(200);
  });

  it('an erased case: no original for the submitter, no public copy, no media_url; the blobs are gone', async () => {
    const e = await publicPhotoCase();
    await t
      .http()
      .post(`/api/admin/petitions/${e.id}/erasure`)
      .set(bearer(tk.admin))
      .send({ reason: 'PIPL-2026-099 删除请求' })
      .expect(200);
    await t.waitForProjections();
    expect(await store.store.list(`petition/${e.id}/`)).toEqual([]);
    await original(e.id, e.attachmentId).set(bearer(tk.reviewer)).expect(404);
    await publicCopy(e.trackingCode, e.attachmentId).expect(404);
    const o = await t.http().get('/open311/v2/requests.json').query({ service_request_id: e.trackingCode }).expect(200);
    for (const r of o.body as { media_url: string | null }[]) expect(r.media_url).toBeNull();
  });

  it('a department the case is not at answers with a file: refused, and nothing stored under the case', async () => {
    const p = await multipart('/api/petitions', submission(), [PHOTO]).expect(201);
    await review(p.body.id);
    await dispatch(p.body.id, DEPT_A);
    const before = await store.store.list(`petition/${p.body.id}/`);
    const r = await multipart(`/api/petitions/${p.body.id}/respond`, { answer: '已处理完毕，感谢反映。' }, [PHOTO]).set(
      bearer(tk.handlerB),
    );
    expect([403, 404, 409]).toContain(r.status);
    await multipart(`/api/petitions/${p.body.id}/respond`, { answer: '已处理完毕，感谢反映。' }, [PHOTO]).expect(401);
    expect(await store.store.list(`petition/${p.body.id}/`)).toEqual(before);
    expect((await eventsOf(p.body.id)).map((e) => e.type)).not.toContain('PetitionResponded');
  });

  it('a submission that names another case’s id with files: 409, the other case’s files untouched, nothing added', async () => {
    const before = await store.store.list(`petition/${c.id}/`);
    const r = await multipart('/api/petitions', submission({ id: c.id }), [PHOTO, PHOTO]);
    expect(r.status).toBe(409);
    expect(await store.store.list(`petition/${c.id}/`)).toEqual(before);
    await publicCopy(c.trackingCode, c.attachmentId).expect(200);
  });

  it('a confidential case’s photo is not on the public route, and not in Open311’s media_url', async () => {
    const p = await multipart('/api/petitions', submission(), [PHOTO]).expect(201);
    const [a] = await attachmentsOf(p.body.id);
    await review(p.body.id, { outcome: 'accepted', confidential: true });
    await t.waitForProjections();
    await publicCopy(p.body.trackingCode, a.id).expect(404);
    const o = await t.http().get('/open311/v2/requests.json').query({ service_request_id: p.body.trackingCode }).expect(200);
    expect(o.body).toEqual([]);
  });
});

// --- Open311 -------------------------------------------------------------------------------------

const POST = {
  api_key: API_KEY,
  service_code: 'csgl',
  lat: '28.016649',
  long: '120.656149',
  address_string: '五马街1号',
  email: 'someone@example.com',
  first_name: '伟',
  last_name: '张',
  phone: PHONE,
  description: '五马街路面塌陷一个大坑，晚上很危险',
};
const send311 = (body: Record<string, string> | string) => t.http().post('/open311/v2/requests.json').type('form').send(body);

describe('Open311: who, which fields', () => {
  it('a wrong api_key is 403 on GET and POST; none on POST is 400; nothing appended', async () => {
    const before = await eventCount();
    expect((await send311({ ...POST, api_key: 'nope' })).status).toBe(403);
    const { api_key: _k, ...keyless } = POST;
    expect((await send311(keyless)).status).toBe(400);
    await t.http().get('/open311/v2/requests.json').query({ api_key: 'nope' }).expect(403);
    await t.http().get('/open311/v2/requests/WZ20261012-7K3M9Q2XAB.json').query({ api_key: 'nope' }).expect(403);
    expect(await eventCount()).toBe(before);
  });

  it.each([
    ['lat 91', 'lat', { lat: '91' }],
    ['long -181', 'long', { long: '-181' }],
    ['lat NaN', 'lat', { lat: 'NaN' }],
    ['long Infinity', 'long', { long: 'Infinity' }],
    ['lat 1e400', 'lat', { lat: '1e400' }],
    ['lat in hex', 'lat', { lat: '0x1c' }],
    ['an empty lat without an address', 'lat', { lat: '', address_string: '' }],
  ])('%s: 400 naming %s, nothing appended', async (_name, field, change) => {
    const before = await eventCount();
    const r = await send311({ ...POST, ...change });
    expect(r.status).toBe(400);
    expect(r.body).toEqual([{ code: 400, description: expect.stringContaining(field) }]);
    expect(await eventCount()).toBe(before);
  });

  it.each([
    ['description', 'description=a&description=b'],
    ['api_key', `api_key=${API_KEY}&api_key=other`],
    ['lat', 'lat=28.01&lat=28.02'],
    ['service_code', 'service_code=csgl&service_code=wygl'],
    ['attribute[kind]', 'attribute[kind]=complaint&attribute[kind]=suggestion'],
  ])('a form with %s twice: 400 naming it, nothing appended', async (field, dup) => {
    const before = await eventCount();
    const rest = new URLSearchParams(Object.entries(POST).filter(([k]) => k !== field)).toString();
    const r = await send311(`${rest}&${dup}`);
    expect(r.status).toBe(400);
    expect(r.body).toEqual([{ code: 400, description: expect.stringContaining(`${field}: given more than once`) }]);
    expect(await eventCount()).toBe(before);
  });

  it('a filter given twice is 400, not ignored (which would widen the answer)', async () => {
    const r = await t
      .http()
      .get('/open311/v2/requests.json?service_request_id=WZ20261012-7K3M9Q2XAB&service_request_id=WZ20261012-7K3M9Q2XAC');
    expect(r.status).toBe(400);
    expect(r.body[0].description).toContain('service_request_id');
    await t.http().get('/open311/v2/requests.json?status=open&status=closed').expect(400);
  });

  it('lat without long (or long without lat): 400 naming the missing one, even with an address', async () => {
    const { long: _long, ...latOnly } = POST;
    const r = await send311(latOnly).expect(400);
    expect(r.body[0].description).toContain('long');
    const { lat: _lat, ...longOnly } = POST;
    expect((await send311(longOnly).expect(400)).body[0].description).toContain('lat');
  });

  it('a jurisdiction_id and a media_url at a private address are not followed; media_url stays null', async () => {
    const r = await send311({
      ...POST,
      jurisdiction_id: '../../admin',
      media_url: 'http://169.254.169.254/latest/meta-data/',
      'attribute[public_consent]': 'true',
    }).expect(201);
    await review(r.body[0].token);
    await t.waitForProjections();
    const [request] = (await t.http().get(`/open311/v2/requests/${r.body[0].service_request_id}.json`).expect(200)).body;
    expect(request.media_url).toBeNull();
  });

  it('a phone number in the description is redacted in the public GET; no personal field anywhere', async () => {
    const r = await send311({
      ...POST,
      description: `五马街路面塌陷，请联系我${PHONE}或 someone@example.com，张伟`,
      'attribute[public_consent]': 'true',
    }).expect(201);
    const code = r.body[0].service_request_id as string;
    await review(r.body[0].token);
    await t.waitForProjections();
    const texts = [
      (await t.http().get(`/open311/v2/requests/${code}.json`).expect(200)).text,
      (await t.http().get('/open311/v2/requests.json').query({ service_request_id: code }).expect(200)).text,
      (await t.http().get('/open311/v2/requests.json').expect(200)).text,
    ];
    for (const text of texts) {
      expect(text).toContain(code);
      for (const secret of [PHONE, 'someone@example.com', '28.016649', '120.656149']) expect(text).not.toContain(secret);
      for (const field of ['"email"', '"first_name"', '"last_name"', '"phone"', '"device_id"']) expect(text).not.toContain(field);
      expect(findPersonalData(text)).toEqual([]);
    }
  });

  it('a client reads its own unpublished requests; another client’s key and no key do not see them', async () => {
    const r = await send311(POST).expect(201);
    const code = r.body[0].service_request_id as string;
    await t.waitForProjections();
    const as = async (key?: string) =>
      (
        await t
          .http()
          .get('/open311/v2/requests.json')
          .query({ service_request_id: code, ...(key && { api_key: key }) })
          .expect(200)
      ).body;
    expect(await as(API_KEY)).toEqual([expect.objectContaining({ service_request_id: code, description: null, address: null, lat: null })]);
    expect(await as(OTHER_KEY)).toEqual([]);
    expect(await as()).toEqual([]);
    await t.http().get(`/open311/v2/requests/${code}.json`).query({ api_key: OTHER_KEY }).expect(404);
  });

  it('a refused field does not echo the personal data sent in it', async () => {
    const r = await send311({ ...POST, phone: `tel:${PHONE}`, email: 'not-an-email-张伟' });
    expect(r.status).toBe(400);
    expect(r.text).not.toContain(PHONE);
    expect(r.text).not.toContain('not-an-email');
  });

  it('a description whose first 100 characters end inside an emoji: 201 (the title is cut at a character)', async () => {
    const description = `${'路'.repeat(93)}🚧🚧🚧 后面还有很多内容`;
    const r = await send311({ ...POST, description });
    expect(r.status).toBe(201);
  });

  it('a lone surrogate in the description, as JSON or form-encoded: 400, never a 500', async () => {
    const before = await eventCount();
    const json = await t
      .http()
      .post('/open311/v2/requests.json')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...POST, description: '五马街路面塌陷\ud83d' }));
    expect(json.status).toBe(400);
    const form = await send311(
      `${new URLSearchParams(Object.entries(POST).filter(([k]) => k !== 'description')).toString()}&description=%ED%A0%BD%E4%BA%94%E9%A9%AC%E8%A1%97%E5%A1%8C%E9%99%B7`,
    );
    expect(form.status).toBeLessThan(500);
    expect(await eventCount()).toBe(before + (form.status === 201 ? 1 : 0));
  });

  it('multipart or a JSON array on POST: a 4xx in the error format', async () => {
    const arr = await t.http().post('/open311/v2/requests.json').send([POST]);
    expect(arr.status).toBeGreaterThanOrEqual(400);
    expect(arr.status).toBeLessThan(500);
    const mp = await t.http().post('/open311/v2/requests.json').field('api_key', API_KEY).attach('media', PHOTO, 'a.jpg');
    expect(mp.status).toBeGreaterThanOrEqual(400);
    expect(mp.status).toBeLessThan(500);
  });

  it('tokens and ids: malformed ones are 400, unknown 404, never a 500', async () => {
    await t
      .http()
      .get('/open311/v2/tokens/..%2F..%2Fetc.json')
      .expect((r) => expect([400, 404]).toContain(r.status));
    await t.http().get(`/open311/v2/tokens/${randomUUID()}.json`).expect(404);
    await t
      .http()
      .get('/open311/v2/tokens/------------------------------------.json')
      .expect((r) => expect([400, 404]).toContain(r.status));
    // a code in lower case is the code (parseTrackingCode): an unknown one is 404; one of no possible shape 400
    await t.http().get('/open311/v2/requests/wz20261012-7k3m9q2xab.json').expect(404);
    await t.http().get('/open311/v2/requests/wz20261012-7k3m9q2xau.json').expect(400);
    await t.http().get('/open311/v2/requests.json').query({ service_request_id: 'WZ20261012-7K3M9Q2XAB,x' }).expect(400);
    await t.http().get('/open311/v2/requests.json').query({ start_date: '2026-13-45T00:00:00Z' }).expect(400);
  });
});

// --- districts -----------------------------------------------------------------------------------

const polygon = (ring: unknown[][]) => ({
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { code: '330302', name: '鹿城区' }, geometry: { type: 'Polygon', coordinates: [ring] } }],
});
const SQUARE = [
  [120.6, 28.0],
  [120.7, 28.0],
  [120.7, 28.05],
  [120.6, 28.05],
  [120.6, 28.0],
];

describe('districts: the admin GeoJSON upload and the district filter', () => {
  const put = (body: unknown, token = tk.admin) =>
    t
      .http()
      .put('/api/admin/districts')
      .set(bearer(token))
      .send(body as object);
  const codes = async () => ((await t.http().get('/api/districts').expect(200)).body.items as { code: string }[]).map((d) => d.code);

  it('only an admin replaces the layer: anonymous 401, a handler or reviewer 403', async () => {
    await t.http().put('/api/admin/districts').send(polygon(SQUARE)).expect(401);
    await put(polygon(SQUARE), tk.handlerA).expect(403);
    await put(polygon(SQUARE), tk.reviewer).expect(403);
  });

  it.each([
    [
      'a self-intersecting ring (a bow tie)',
      polygon([
        [120.6, 28.0],
        [120.7, 28.05],
        [120.7, 28.0],
        [120.6, 28.05],
        [120.6, 28.0],
      ]),
      'features[0].geometry.coordinates[0]',
    ],
    [
      'a ring with no area',
      polygon([
        [120.6, 28.0],
        [120.7, 28.0],
        [120.6, 28.0],
        [120.7, 28.0],
        [120.6, 28.0],
      ]),
      'features[0].geometry.coordinates[0]',
    ],
    ['non-numeric coordinates', polygon([['120.6', '28.0'], ...SQUARE.slice(1)]), 'features[0].geometry.coordinates[0][0][0]'],
    ['a NaN-like coordinate', polygon([[120.6, null], ...SQUARE.slice(1)]), 'features[0].geometry.coordinates[0][0][1]'],
    [
      'a nested GeometryCollection',
      {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { code: '330302', name: '鹿城区' },
            geometry: {
              type: 'GeometryCollection',
              geometries: [{ type: 'GeometryCollection', geometries: [{ type: 'Polygon', coordinates: [SQUARE] }] }],
            },
          },
        ],
      },
      'features[0].geometry.type',
    ],
    [
      'a name with a right-to-left override',
      { ...polygon(SQUARE), features: [{ ...polygon(SQUARE).features[0], properties: { code: '330302', name: '鹿城\u202E区' } }] },
      'features[0].properties.name',
    ],
    ['coordinates nested one level too deep', polygon([SQUARE]), 'features[0].geometry.coordinates[0]'],
  ])('%s: 400, the layer unchanged, the error naming the field', async (_name, body, field) => {
    const before = await codes();
    const r = await put(body).expect(400);
    expect(JSON.stringify(r.body)).toContain(field);
    expect(await codes()).toEqual(before);
  });

  it('100,000 vertices: refused (413 or 400), the layer unchanged', async () => {
    const before = await codes();
    const ring = Array.from({ length: 100_000 }, (_, i) => {
      const a = (2 * Math.PI * i) / 100_000;
      return [120.65 + 0.05 * Math.cos(a), 28.02 + 0.03 * Math.sin(a)];
    });
    ring.push(ring[0]);
    const r = await put(polygon(ring));
    expect([400, 413]).toContain(r.status);
    expect(await codes()).toEqual(before);
  });

  it.each([["330302' or '1'='1"], ['3303%'], ['330302_'], [''], ['３３０３０２'], ['330302\n'], ['3303020'], ['33030200']])(
    '?district=%s is 400 or an empty filter, never a 500',
    async (district) => {
      const r = await t.http().get('/api/public/petitions').query({ district });
      expect([200, 400]).toContain(r.status);
      if (district) expect(r.status).toBe(400);
    },
  );

  it('?district[]= (an array): 400 naming district', async () => {
    const r = await t.http().get('/api/public/petitions?district[]=330302').expect(400);
    expect(JSON.stringify(r.body)).toContain('district');
  });

  it('?district= twice: 400 naming district', async () => {
    const r = await t.http().get('/api/public/petitions?district=330302&district=330303').expect(400);
    expect(JSON.stringify(r.body)).toContain('district');
  });

  it('a suggestion with NaN or an out-of-range point: 400', async () => {
    await t.http().get('/api/districts/suggestion').query({ lat: 'NaN', lng: '120.6' }).expect(400);
    await t.http().get('/api/districts/suggestion').query({ lat: '28', lng: '181' }).expect(400);
    await t.http().get('/api/districts/suggestion').query({ lat: '28' }).expect(400);
  });
});
