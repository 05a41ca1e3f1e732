/* The one contract suite every blob-store engine runs (file system, S3-compatible). */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { BlobConflict, BlobNotFound, BlobSizeMismatch, BlobTooLarge, InvalidBlobKey, InvalidContentType } from '../errors';
import { BlobStore } from '../types';

/** The limit the factories give their stores, small so the too-large cases stay fast. */
export const CONTRACT_MAX_BYTES = 2 * 1024 * 1024;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

export function describeBlobStoreContract(engine: string, getStore: () => BlobStore): void {
  describe(`blob-store contract [${engine}]`, () => {
    const store = () => getStore();
    // Every test writes under its own run prefix, so a shared bucket is left as it was found.
    const run = `contract-${randomUUID()}`;
    let n = 0;
    const newKey = (leaf = 'photo.jpg') => `${run}/case-${++n}/${leaf}`;

    afterAll(async () => {
      await store().deleteAll(`${run}/`);
    });

    it('put then get returns the same bytes, the content type, the size and the SHA-256', async () => {
      const key = newKey();
      const bytes = randomBytes(300_000);
      const put = await store().put(key, bytes, { contentType: 'image/jpeg', size: bytes.length });
      expect(put).toEqual({ created: true, metadata: { key, contentType: 'image/jpeg', size: bytes.length, sha256: sha256(bytes) } });

      const got = await store().get(key);
      expect(got.metadata).toEqual(put.metadata);
      expect(Buffer.compare(await buffer(got.body), bytes)).toBe(0);
      expect(await store().head(key)).toEqual(put.metadata);
    });

    it('accepts a stream of chunks, with or without a declared size, and every byte value', async () => {
      const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      const chunks = [all, randomBytes(70_000), Buffer.alloc(0), randomBytes(5)];
      const whole = Buffer.concat(chunks);
      const declared = newKey('a.pdf');
      const undeclared = newKey('b.pdf');
      await store().put(declared, Readable.from(chunks), { contentType: 'application/pdf', size: whole.length });
      await store().put(undeclared, Readable.from(chunks), { contentType: 'application/pdf' });
      for (const key of [declared, undeclared]) {
        const got = await store().get(key);
        expect(got.metadata.sha256).toBe(sha256(whole));
        expect(Buffer.compare(await buffer(got.body), whole)).toBe(0);
      }
    });

    it('stores an empty blob', async () => {
      const key = newKey('empty.txt');
      await store().put(key, Buffer.alloc(0), { contentType: 'text/plain; charset=utf-8', size: 0 });
      const got = await store().get(key);
      expect(got.metadata).toMatchObject({ size: 0, contentType: 'text/plain; charset=utf-8', sha256: sha256(Buffer.alloc(0)) });
      expect((await buffer(got.body)).length).toBe(0);
    });

    it('get and head of an absent key: BlobNotFound', async () => {
      const key = newKey();
      await expect(store().get(key)).rejects.toBeInstanceOf(BlobNotFound);
      await expect(store().head(key)).rejects.toBeInstanceOf(BlobNotFound);
    });

    describe('write-once keys', () => {
      it('the same bytes and type again: a no-op that reports created false', async () => {
        const key = newKey();
        const bytes = randomBytes(1000);
        const first = await store().put(key, bytes, { contentType: 'image/png' });
        const again = await store().put(key, Readable.from([bytes]), { contentType: 'image/png', size: 1000 });
        expect(again).toEqual({ created: false, metadata: first.metadata });
      });

      it('other bytes, or the same bytes with another type: BlobConflict, the original untouched', async () => {
        const key = newKey();
        const bytes = randomBytes(1000);
        await store().put(key, bytes, { contentType: 'image/png' });
        await expect(store().put(key, randomBytes(1000), { contentType: 'image/png' })).rejects.toBeInstanceOf(BlobConflict);
        await expect(store().put(key, bytes, { contentType: 'image/jpeg' })).rejects.toBeInstanceOf(BlobConflict);
        const got = await store().get(key);
        expect(got.metadata).toMatchObject({ contentType: 'image/png', sha256: sha256(bytes) });
        expect(Buffer.compare(await buffer(got.body), bytes)).toBe(0);
      });

      it('concurrent puts of the same bytes: both succeed, the blob is whole', async () => {
        const key = newKey();
        const bytes = randomBytes(50_000);
        const results = await Promise.all([1, 2, 3].map(() => store().put(key, bytes, { contentType: 'image/webp' })));
        expect(results.some((r) => r.created)).toBe(true);
        expect(new Set(results.map((r) => r.metadata.sha256))).toEqual(new Set([sha256(bytes)]));
        expect(Buffer.compare(await buffer((await store().get(key)).body), bytes)).toBe(0);
      });
    });

    describe('sizes: nothing is stored when the bytes break a rule', () => {
      it('more bytes than declared, or fewer: BlobSizeMismatch', async () => {
        const more = newKey();
        const fewer = newKey();
        const e1 = await rejection(
          store().put(more, Readable.from([randomBytes(6), randomBytes(5)]), { contentType: 'image/jpeg', size: 10 }),
        );
        expect(e1).toBeInstanceOf(BlobSizeMismatch);
        expect(e1).toMatchObject({ declared: 10 });
        const e2 = await rejection(store().put(fewer, randomBytes(9), { contentType: 'image/jpeg', size: 10 }));
        expect(e2).toMatchObject({ declared: 10, actual: 9 });
        await expect(store().head(more)).rejects.toBeInstanceOf(BlobNotFound);
        await expect(store().head(fewer)).rejects.toBeInstanceOf(BlobNotFound);
      });

      it(`a declared size over the limit, or an undeclared stream that passes it: BlobTooLarge`, async () => {
        const declared = newKey();
        const streamed = newKey();
        const e1 = await rejection(store().put(declared, Readable.from([]), { contentType: 'image/jpeg', size: CONTRACT_MAX_BYTES + 1 }));
        expect(e1).toBeInstanceOf(BlobTooLarge);
        expect(e1).toMatchObject({ limit: CONTRACT_MAX_BYTES });
        let produced = 0;
        // An endless source: the store must stop reading just past the limit.
        const endless = new Readable({
          read() {
            produced += 64 * 1024;
            this.push(Buffer.alloc(64 * 1024, 1));
          },
        });
        await expect(store().put(streamed, endless, { contentType: 'image/jpeg' })).rejects.toBeInstanceOf(BlobTooLarge);
        expect(produced).toBeLessThan(CONTRACT_MAX_BYTES * 2);
        await expect(store().head(declared)).rejects.toBeInstanceOf(BlobNotFound);
        await expect(store().head(streamed)).rejects.toBeInstanceOf(BlobNotFound);
      });

      it('exactly the limit is accepted', async () => {
        const key = newKey();
        const bytes = randomBytes(CONTRACT_MAX_BYTES);
        await store().put(key, bytes, { contentType: 'application/pdf', size: bytes.length });
        expect((await store().head(key)).size).toBe(CONTRACT_MAX_BYTES);
      });

      it('a source that fails half-way: the put fails with its error', async () => {
        const key = newKey();
        const failing = new Readable({
          read() {
            this.push(randomBytes(1000));
            this.destroy(new Error('client went away'));
          },
        });
        await expect(store().put(key, failing, { contentType: 'image/jpeg' })).rejects.toThrow('client went away');
        await expect(store().head(key)).rejects.toBeInstanceOf(BlobNotFound);
      });
    });

    describe('keys and content types', () => {
      const badKeys = [
        '',
        '../x',
        'a/../b',
        'a/./b',
        '/abs',
        'a//b',
        'a/',
        '.hidden',
        'a/-x',
        'a\\b',
        'a b',
        'a:b',
        '照片.jpg',
        'a\u0000b',
        'a?b',
        'a%2e',
        `${'x'.repeat(513)}`,
        `a/${'y'.repeat(161)}`,
      ];

      it.each(badKeys)('refuses the key %j in put, get, head and delete', async (key) => {
        for (const call of [
          () => store().put(key, Buffer.from('x'), { contentType: 'text/plain' }),
          () => store().get(key),
          () => store().head(key),
          () => store().delete(key),
        ]) {
          await expect(call()).rejects.toBeInstanceOf(InvalidBlobKey);
        }
      });

      it('refuses a content type that is not type/subtype', async () => {
        for (const contentType of ['', 'jpeg', 'image/', 'image/jpeg\r\nX-Evil: 1', 'image/jpeg; x']) {
          await expect(store().put(newKey(), Buffer.from('x'), { contentType })).rejects.toBeInstanceOf(InvalidContentType);
        }
      });

      it('a key and a longer key under it coexist', async () => {
        const key = newKey('a');
        await store().put(key, Buffer.from('outer'), { contentType: 'text/plain' });
        await store().put(`${key}/b`, Buffer.from('inner'), { contentType: 'text/plain' });
        expect((await buffer((await store().get(key)).body)).toString()).toBe('outer');
        expect((await buffer((await store().get(`${key}/b`)).body)).toString()).toBe('inner');
      });
    });

    describe('delete, list, deleteAll', () => {
      it('delete removes the blob and is idempotent', async () => {
        const key = newKey();
        await store().delete(key);
        await store().put(key, Buffer.from('x'), { contentType: 'text/plain' });
        await store().delete(key);
        await store().delete(key);
        await expect(store().head(key)).rejects.toBeInstanceOf(BlobNotFound);
        // A deleted key can be written again (it held nothing any more).
        expect((await store().put(key, Buffer.from('y'), { contentType: 'text/plain' })).created).toBe(true);
      });

      it('list returns the keys under whole segments, sorted; deleteAll erases exactly them', async () => {
        const root = `${run}/list-${randomUUID()}`;
        const under1 = [`${root}/1/b.jpg`, `${root}/1/a.jpg`, `${root}/1/comments/c1/x.png`];
        const under12 = [`${root}/12/a.jpg`];
        for (const key of [...under1, ...under12]) await store().put(key, Buffer.from(key), { contentType: 'image/jpeg' });

        expect(await store().list(`${root}/1/`)).toEqual([...under1].sort());
        expect(await store().list(`${root}/`)).toEqual([...under1, ...under12].sort());
        expect(await store().list(`${root}/none/`)).toEqual([]);

        expect(await store().deleteAll(`${root}/1/`)).toBe(3);
        expect(await store().list(`${root}/1/`)).toEqual([]);
        for (const key of under1) await expect(store().head(key)).rejects.toBeInstanceOf(BlobNotFound);
        expect(await store().list(`${root}/`)).toEqual(under12);
        expect(await store().deleteAll(`${root}/1/`)).toBe(0);
      });

      it('refuses a prefix that is not whole segments, and deleteAll of everything', async () => {
        await expect(store().list(`${run}/case`)).rejects.toBeInstanceOf(InvalidBlobKey);
        await expect(store().list('../')).rejects.toBeInstanceOf(InvalidBlobKey);
        await expect(store().deleteAll('')).rejects.toBeInstanceOf(InvalidBlobKey);
        await expect(store().deleteAll(`${run}`)).rejects.toBeInstanceOf(InvalidBlobKey);
      });
    });
  });
}
