import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, rmdir, unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { BlobNotFound, BlobStoreError } from '../errors';
import { assertValidKey, assertValidPrefix } from '../keys';
import { Meter, assertValidContentType, checkDeclaredSize, sameOrConflict, toReadable } from '../source';
import { BlobMetadata, BlobObject, BlobSource, BlobStore, PutOptions, PutResult } from '../types';

export interface FsBlobStoreOptions {
  /** The folder that holds the blobs (`<data folder>/blobs` by default in the app). */
  root: string;
  maxBytes: number;
  /** fsync files and folders before a put returns (default true); tests may turn it off for speed. */
  fsync?: boolean;
}

const META = '~meta';
const TMP = '.tmp';

const isCode = (e: unknown, code: string) => (e as NodeJS.ErrnoException)?.code === code;
const ignore = (code: string) => (e: unknown) => {
  if (!isCode(e, code)) throw e;
};

/**
 * Blobs as plain files under a root folder. Layout: `<key>~<sha256>` holds the bytes and `<key>~meta`
 * (JSON) commits them; `~` is outside the key alphabet, so neither name can collide with the folder
 * of a longer key (`a` and `a/b` coexist, as in S3). The metadata file is created with link(), which
 * fails if it exists, so two writers of one key cannot both win, and data files named by their hash
 * never overwrite each other's bytes. Temporary files live in `<root>/.tmp` (same file system, so the
 * rename is atomic; `.tmp` is not a valid key segment). Files are 0600 and folders 0700: attachments
 * are personal data.
 */
export class FsBlobStore implements BlobStore {
  private readonly root: string;
  private readonly fsync: boolean;
  private ready?: Promise<unknown>;

  constructor(private readonly options: FsBlobStoreOptions) {
    this.root = path.resolve(options.root);
    this.fsync = options.fsync ?? true;
  }

  async put(key: string, source: BlobSource, options: PutOptions): Promise<PutResult> {
    assertValidKey(key);
    assertValidContentType(options.contentType);
    checkDeclaredSize(key, options, this.options.maxBytes);
    await this.init();
    const tmpData = this.tmpPath();
    const meter = new Meter(key, options.size, this.options.maxBytes);
    const out = createWriteStream(tmpData, { flags: 'wx', mode: 0o600 });
    try {
      await pipeline(toReadable(source), meter, out);
      await this.sync(tmpData);
    } catch (e) {
      // pipeline rejects at the first error, before the file stream has closed: it opens its file
      // asynchronously, so on a busy machine the file appeared after an unlink here and stayed.
      if (!out.closed) await once(out, 'close').catch(() => undefined);
      await unlink(tmpData).catch(ignore('ENOENT'));
      throw e;
    }
    const metadata: BlobMetadata = { key, contentType: options.contentType, size: meter.size, sha256: meter.sha256 };

    const existing = await this.readMeta(key).catch(() => undefined);
    if (existing) {
      await unlink(tmpData);
      return sameOrConflict(existing, metadata);
    }
    const file = this.filePath(key);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const dataFile = `${file}~${metadata.sha256}`;
    await rename(tmpData, dataFile);

    const tmpMeta = this.tmpPath();
    try {
      await writeFile(tmpMeta, JSON.stringify(metadata), { flag: 'wx', mode: 0o600 });
      await this.sync(tmpMeta);
      await link(tmpMeta, file + META);
    } catch (e) {
      if (!isCode(e, 'EEXIST')) throw e;
      // Another writer committed this key between our check and our link.
      const winner = await this.readMeta(key);
      if (winner.sha256 !== metadata.sha256) await unlink(dataFile).catch(ignore('ENOENT'));
      return sameOrConflict(winner, metadata);
    } finally {
      await unlink(tmpMeta).catch(ignore('ENOENT'));
    }
    await this.sync(path.dirname(file));
    return { metadata, created: true };
  }

  async get(key: string): Promise<BlobObject> {
    const metadata = await this.head(key);
    // Opened before returning, so a delete that follows cannot take the bytes from under the reader.
    const handle = await open(`${this.filePath(key)}~${metadata.sha256}`, 'r').catch((e: unknown) => {
      throw isCode(e, 'ENOENT') ? new BlobNotFound(key) : e;
    });
    return { metadata, body: handle.createReadStream() };
  }

  async head(key: string): Promise<BlobMetadata> {
    assertValidKey(key);
    return this.readMeta(key);
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    const metadata = await this.readMeta(key).catch((e: unknown) => {
      if (e instanceof BlobNotFound) return undefined;
      throw e;
    });
    if (!metadata) return;
    const file = this.filePath(key);
    // Metadata first: from that moment the blob is gone for readers, whatever happens to the bytes.
    await unlink(file + META).catch(ignore('ENOENT'));
    await unlink(`${file}~${metadata.sha256}`).catch(ignore('ENOENT'));
    await this.prune(path.dirname(file));
  }

  async list(prefix: string): Promise<string[]> {
    assertValidPrefix(prefix, { allowEmpty: true });
    const keys: string[] = [];
    const walk = async (dir: string, keyPrefix: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch((e: unknown) => {
        if (isCode(e, 'ENOENT') || isCode(e, 'ENOTDIR')) return [];
        throw e;
      });
      for (const entry of entries) {
        if (dir === this.root && entry.name === TMP) continue;
        if (entry.isDirectory()) await walk(path.join(dir, entry.name), `${keyPrefix}${entry.name}/`);
        else if (entry.name.endsWith(META)) keys.push(keyPrefix + entry.name.slice(0, -META.length));
      }
    };
    await walk(prefix ? this.filePath(prefix.slice(0, -1)) : this.root, prefix);
    return keys.sort();
  }

  async deleteAll(prefix: string): Promise<number> {
    assertValidPrefix(prefix, { allowEmpty: false });
    const keys = await this.list(prefix);
    for (const key of keys) await this.delete(key);
    return keys.length;
  }

  async close(): Promise<void> {
    // Nothing is held open between calls.
  }

  private init(): Promise<unknown> {
    this.ready ??= mkdir(path.join(this.root, TMP), { recursive: true, mode: 0o700 });
    return this.ready;
  }

  private tmpPath(): string {
    return path.join(this.root, TMP, randomUUID());
  }

  private filePath(key: string): string {
    const file = path.join(this.root, ...key.split('/'));
    // The key rules already exclude this; the check keeps a future rule change from escaping the root.
    if (!file.startsWith(this.root + path.sep)) throw new BlobStoreError(`blob key ${key} leaves the root folder`);
    return file;
  }

  private async readMeta(key: string): Promise<BlobMetadata> {
    const text = await readFile(this.filePath(key) + META, 'utf8').catch((e: unknown) => {
      throw isCode(e, 'ENOENT') || isCode(e, 'ENOTDIR') ? new BlobNotFound(key) : e;
    });
    const m = JSON.parse(text) as BlobMetadata;
    return { key, contentType: m.contentType, size: m.size, sha256: m.sha256 };
  }

  private async sync(file: string): Promise<void> {
    if (!this.fsync) return;
    const handle = await open(file, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Removes folders left empty, up to the root, so an erased case leaves no folder named after it. */
  private async prune(dir: string): Promise<void> {
    for (let d = dir; d.startsWith(this.root + path.sep); d = path.dirname(d)) {
      try {
        await rmdir(d);
      } catch {
        return; // not empty (or just refilled by a concurrent put): stop
      }
    }
  }
}
