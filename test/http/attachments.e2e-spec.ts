import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as jpeg from 'jpeg-js';
import S3rver from 's3rver';
import type { Test } from 'supertest';
import { rebuildProjection } from '@wenzheng/projector';
import { PetitionEventCodec } from '@wenzheng/petition-store';
import { holdsGpsExif, jpegWithGpsExif } from '../../libs/blob-store/src/testing/photos';
import { AttachmentStore } from '../../apps/api/src/attachments/attachment-store';
import { PetitionCommandRunner } from '@wenzheng/command-runner';
import { PROJECTIONS } from '@wenzheng/read-models';
import { createTestApp, TestApp } from '../setup/app';
import { DEPT_A, Tokens, submission, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// Attachments over HTTP (issue 13 item 1): multipart on submit, comment and answer; the type from
// the bytes, size and count limits; the public copy without EXIF for public cases only; the
// original for who reads the case in clear; an idempotent retry stores once; erasure deletes them.
// The same walk on the file-system engine and on the S3 engine against s3rver.

const MAX_BYTES = 48 * 1024;
const MAX_COUNT = 3;
const PHOTO = jpegWithGpsExif();
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200, 7)]);
const HTML = Buffer.from('<!DOCTYPE html><html><script>alert(document.cookie)</script></html>');

interface Attachment {
  id: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** Collects a binary answer's bytes (supertest buffers only the types it knows). */
const binary = (req: Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

function engines(): { name: string; env: () => Record<string, string>; setup?: () => Promise<void>; teardown?: () => Promise<void> }[] {
  const fsRoot = mkdtempSync(path.join(tmpdir(), 'attachments-fs-'));
  const s3Dir = mkdtempSync(path.join(tmpdir(), 'attachments-s3-'));
  let server: S3rver | undefined;
  let port = 0;
  const limits = { ATTACHMENT_MAX_BYTES: String(MAX_BYTES), ATTACHMENT_MAX_COUNT: String(MAX_COUNT) };
  return [
    {
      name: 'fs',
      env: () => ({ ...limits, BLOB_STORE: 'fs', BLOB_FS_ROOT: fsRoot }),
      teardown: async () => rmSync(fsRoot, { recursive: true, force: true }),
    },
    {
      name: 's3 (s3rver)',
      setup: async () => {
        server = new S3rver({
          address: '127.0.0.1',
          port: 0,
          silent: true,
          directory: s3Dir,
          configureBuckets: [{ name: 'wz', configs: [] }],
        });
        ({ port } = await server.run());
      },
      env: () => ({
        ...limits,
        BLOB_STORE: 's3',
        BLOB_S3_ENDPOINT: `http://127.0.0.1:${port}`,
        BLOB_S3_BUCKET: 'wz',
        BLOB_S3_ACCESS_KEY_ID: 'S3RVER',
        BLOB_S3_SECRET_ACCESS_KEY: 'S3RVER',
      }),
      teardown: async () => {
        await server?.close();
        rmSync(s3Dir, { recursive: true, force: true });
      },
    },
  ];
}

describe.each(engines())('attachments over HTTP [$name]', (engine) => {
  let t: TestApp;
  let tk: Tokens;
  let store: AttachmentStore;

  beforeAll(async () => {
    await engine.setup?.();
    t = await createTestApp(engine.env());
    tk = await tokens();
    store = t.app.get(AttachmentStore);
  });
  afterAll(async () => {
    await t?.close();
    await engine.teardown?.();
  });

  const multipart = (url: string, payload: object, files: Buffer[], names = files.map(() => 'photo.jpg')) => {
    let req = t.http().post(url).field('payload', JSON.stringify(payload));
    files.forEach((f, i) => (req = req.attach('files', f, { filename: names[i], contentType: 'image/jpeg' })));
    return req;
  };
  const submitted = async (id: string) => {
    const { rows } = await t.runtime.pool.query<{ type: string }>(`select type from wz_es.events where stream_id = $1`, [`petition-${id}`]);
    return rows.map((r) => r.type);
  };
  const eventAttachments = async (id: string, type: string): Promise<Attachment[]> => {
    const { events } = await t.app.get(PetitionCommandRunner).load(id);
    const e = events.find((x) => x.type === type);
    return ((e?.data as { attachments?: Attachment[] } | undefined)?.attachments ?? []) as Attachment[];
  };
  const publicCopy = (code: string, id: string) => binary(t.http().get(`/api/public/petitions/${code}/attachments/${id}`));
  const original = (caseId: string, id: string, accessKey: string) =>
    binary(t.http().get(`/api/petitions/${caseId}/attachments/${id}`).set('X-Access-Key', accessKey));
  const accept = (id: string, confidential = false) =>
    t.http().post(`/api/petitions/${id}/review`).set(bearer(tk.reviewer)).send({ outcome: 'accepted', confidential }).expect(200);

  let photoCase: { id: string; trackingCode: string; accessKey: string };
  let photo: Attachment;

  it('a JPEG with GPS in its EXIF: the event records id, type, size and SHA-256 only; the original keeps the EXIF, the public copy has none', async () => {
    const res = await multipart('/api/petitions', submission(), [PHOTO]).expect(201);
    photoCase = res.body;
    const [a] = await eventAttachments(photoCase.id, 'PetitionSubmitted');
    photo = a;
    expect(res.body.attachmentIds).toEqual([a.id]); // the id the attachment routes take
    expect(Object.keys(a).sort()).toEqual(['contentType', 'id', 'sha256', 'size']);
    expect(a).toMatchObject({ contentType: 'image/jpeg', size: PHOTO.length });
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);

    // Submitted, not yet reviewed: not public.
    await publicCopy(photoCase.trackingCode, a.id).expect(404);

    const own = await original(photoCase.id, a.id, photoCase.accessKey).expect(200);
    expect(Buffer.compare(own.body as Buffer, PHOTO)).toBe(0);
    expect(holdsGpsExif(own.body as Buffer)).toBe(true);
    expect(own.headers['cache-control']).toBe('no-store');
    await original(photoCase.id, a.id, 'made-up-access-key-0000').expect(404);
    await binary(t.http().get(`/api/petitions/${photoCase.id}/attachments/${a.id}`).set(bearer(tk.handlerA))).expect(404);
    // a supervisor sees the original only with a stated, logged reason: the 403 says how to give one
    const unstated = await t.http().get(`/api/petitions/${photoCase.id}/attachments/${a.id}`).set(bearer(tk.supervisor)).expect(403);
    expect(unstated.body.message).toContain('give ?reason= (5–500 characters)');
    await binary(
      t.http().get(`/api/petitions/${photoCase.id}/attachments/${a.id}`).query({ reason: '督办核查 2026-01' }).set(bearer(tk.supervisor)),
    ).expect(200);

    await accept(photoCase.id);
    await t.waitForProjections();
    const pub = await publicCopy(photoCase.trackingCode, a.id).expect(200);
    expect(pub.headers['content-type']).toBe('image/jpeg');
    expect(pub.headers['x-content-type-options']).toBe('nosniff');
    expect(pub.headers['content-disposition']).toBe(`inline; filename=${a.id}.jpg`);
    expect(holdsGpsExif(pub.body as Buffer)).toBe(false);
    expect(jpeg.decode(pub.body as Buffer).width).toBe(16);

    const list = await t.http().get(`/api/public/petitions/${photoCase.trackingCode}/attachments`).expect(200);
    expect(list.body).toEqual([
      {
        id: a.id,
        contentType: 'image/jpeg',
        size: PHOTO.length,
        on: 'submission',
        url: `/api/public/petitions/${photoCase.trackingCode}/attachments/${a.id}`,
      },
    ]);
    expect(await store.store.list(`petition/${photoCase.id}/`)).toEqual([
      `petition/${photoCase.id}/${a.id}/original`,
      `petition/${photoCase.id}/${a.id}/public`,
    ]);
  });

  it.each([
    ['an EXE renamed .jpg', EXE],
    ['an HTML page renamed .jpg', HTML],
  ])('415 for %s, naming the file; nothing appended, nothing stored', async (_name, bytes) => {
    const id = randomUUID();
    const res = await multipart('/api/petitions', submission({ id }), [PHOTO, bytes]).expect(415);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'files[1]', rule: 'type' })]);
    expect(await submitted(id)).toEqual([]);
    expect(await store.store.list(`petition/${id}/`)).toEqual([]);
  });

  it('413 over the size limit and over the count limit, naming the field; nothing appended', async () => {
    const id = randomUUID();
    const big = Buffer.concat([PHOTO, Buffer.alloc(MAX_BYTES)]);
    const tooBig = await multipart('/api/petitions', submission({ id }), [big]).expect(413);
    expect(tooBig.body.details).toEqual([expect.objectContaining({ field: 'files', rule: 'size' })]);
    const tooMany = await multipart('/api/petitions', submission({ id }), Array(MAX_COUNT + 1).fill(PHOTO)).expect(413);
    expect(tooMany.body.details).toEqual([expect.objectContaining({ field: 'files', rule: 'count' })]);
    expect(await submitted(id)).toEqual([]);
    // The limit itself is accepted.
    await multipart('/api/petitions', submission({ id }), Array(MAX_COUNT).fill(PHOTO)).expect(201);
  });

  it('the payload is checked as a JSON body is: a missing field is 400 naming it', async () => {
    const { citizen: _gone, ...noCitizen } = submission();
    const res = await multipart('/api/petitions', noCitizen, [PHOTO]).expect(400);
    expect(JSON.stringify(res.body)).toMatch(/citizen/);
    await t.http().post('/api/petitions').field('other', 'x').attach('files', PHOTO, 'a.jpg').expect(400);
  });

  it('a route that takes no attachments refuses a multipart body as what it is (415), not field by field; nothing appended', async () => {
    const { id, accessKey } = (await t.http().post('/api/petitions').send(submission()).expect(201)).body;
    const res = await multipart(`/api/petitions/${id}/withdraw`, { reason: '问题已解决' }, [PHOTO])
      .set('X-Access-Key', accessKey)
      .expect(415);
    expect(res.body.message).toMatch(/multipart\/form-data is read only by the routes that take attachments/);
    expect(await submitted(id)).toEqual(['PetitionSubmitted']);
  });

  it('a confidential case: the public routes answer 404, as for an unknown attachment', async () => {
    const res = await multipart('/api/petitions', submission(), [PHOTO]).expect(201);
    const [a] = await eventAttachments(res.body.id, 'PetitionSubmitted');
    await accept(res.body.id, true);
    await t.waitForProjections();
    const hidden = await publicCopy(res.body.trackingCode, a.id).expect(404);
    const unknown = await publicCopy(photoCase.trackingCode, randomUUID()).expect(404);
    const message = (r: { body: unknown }) => (JSON.parse(String(r.body)) as { message: string }).message.replace(/[0-9a-f-]{36}/, 'ID');
    expect(message(hidden)).toEqual(message(unknown));
    await t.http().get(`/api/public/petitions/${res.body.trackingCode}/attachments`).expect(404);
    await original(res.body.id, a.id, res.body.accessKey).expect(200);
  });

  it('an idempotent retry with the same Idempotency-Key appends once and stores once; other files under the key are 422', async () => {
    const id = randomUUID();
    const send = (files: Buffer[]) => multipart('/api/petitions', submission({ id }), files).set('Idempotency-Key', `attach-${id}`);
    const first = await send([PHOTO]).expect(201);
    const again = await send([PHOTO]).expect(201);
    expect(again.body).toEqual(first.body);
    expect((await submitted(id)).filter((x) => x === 'PetitionSubmitted')).toHaveLength(1);
    expect(await store.store.list(`petition/${id}/`)).toHaveLength(2);
    await send([PHOTO, PDF]).expect(422);
    expect(await store.store.list(`petition/${id}/`)).toHaveLength(2);
  });

  it('comments and answers carry attachments; a PDF has no public copy; erasure deletes every blob and a rebuild does not bring them back', async () => {
    const comment = await multipart(`/api/petitions/${photoCase.trackingCode}/comments`, { text: '同小区，我家也停水了' }, [PHOTO]).expect(
      200,
    );
    expect(comment.body.author).toMatch(/^网友/);
    const [c] = await eventAttachments(photoCase.id, 'PetitionCommented');
    expect(comment.body.attachmentIds).toEqual([c.id]);
    await t.http().post(`/api/petitions/${photoCase.id}/dispatch`).set(bearer(tk.reviewer)).send({ departmentId: DEPT_A }).expect(200);
    await t.http().post(`/api/petitions/${photoCase.id}/acknowledge`).set(bearer(tk.handlerA)).send({}).expect(200);
    const responded = await multipart(`/api/petitions/${photoCase.id}/respond`, { answer: '已协调水务集团抢修。' }, [PDF], ['答复.pdf'])
      .set(bearer(tk.handlerA))
      .expect(200);
    const [answer] = await eventAttachments(photoCase.id, 'PetitionResponded');
    expect(responded.body.attachmentIds).toEqual([answer.id]);
    expect(answer.contentType).toBe('application/pdf');
    const pdf = await binary(t.http().get(`/api/petitions/${photoCase.id}/attachments/${answer.id}`).set(bearer(tk.handlerA))).expect(200);
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename=${answer.id}.pdf`);

    await t.waitForProjections();
    const list = await t.http().get(`/api/public/petitions/${photoCase.trackingCode}/attachments`).expect(200);
    expect(list.body.map((x: { id: string; on: string }) => [x.on, x.id])).toEqual([
      ['submission', photo.id],
      ['comment', c.id],
    ]);
    // The comment's id as answered is the one its attachment and the public page name.
    expect(list.body[1].commentId).toBe(comment.body.commentId);
    const page = await t.http().get(`/api/public/petitions/${photoCase.trackingCode}`).expect(200);
    expect(page.body.comments.map((x: { id: string }) => x.id)).toEqual([comment.body.commentId]);
    await publicCopy(photoCase.trackingCode, answer.id).expect(404);

    await t
      .http()
      .post(`/api/admin/petitions/${photoCase.id}/erasure`)
      .set(bearer(tk.admin))
      .send({ reason: 'PIPL-2026-042 删除请求' })
      .expect(200);
    expect(await store.store.list(`petition/${photoCase.id}/`)).toEqual([]);
    const gone = async () => {
      await publicCopy(photoCase.trackingCode, photo.id).expect(404);
      await original(photoCase.id, photo.id, photoCase.accessKey).expect(404);
      expect((await t.http().get(`/api/public/petitions/${photoCase.trackingCode}/attachments`).expect(200)).body).toEqual([]);
    };
    await gone();

    const codec = t.app.get(PetitionEventCodec);
    for (const projection of PROJECTIONS) {
      await rebuildProjection(projection, {
        pool: t.runtime.pool,
        store: t.runtime.eventStore,
        decode: codec.projectionDecoder,
        prefetch: (events) => codec.prefetch(events),
      });
    }
    await gone();
  });
});
