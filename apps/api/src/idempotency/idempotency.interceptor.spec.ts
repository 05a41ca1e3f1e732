import { CallHandler, ConflictException, ExecutionContext } from '@nestjs/common';
import type { PetitionRefResolver } from '../petitions/shared/petition-ref';
import { EMPTY, EmptyError, Observable, lastValueFrom, of, throwError } from 'rxjs';
import type { IdempotencyKeys, IdempotentRequest, RunClaim } from './idempotency-keys';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * What the interceptor tells the key store about a request, which decides whether its claim may
 * commit without waiting for the disk (apps/api/src/http/async-commit.ts): a request that stores
 * attachments under the claimed ids says so before it claims.
 */
describe('the idempotency interceptor and the key store', () => {
  const claim: RunClaim = { kind: 'run', keyHash: 'h', sealKey: Buffer.alloc(32), commandId: 'cmd-1', newId: 'new-1' };

  function run(req: Record<string, unknown>, handled: Observable<unknown> = of({})) {
    const claims: IdempotentRequest[] = [];
    const answers: Array<{ status: number; body: unknown }> = [];
    const releases: boolean[] = [];
    const keys = {
      claim: async (r: IdempotentRequest) => {
        claims.push(r);
        return claim;
      },
      complete: async (_c: RunClaim, status: number, body: unknown) => {
        answers.push({ status, body });
      },
      release: async (_c: RunClaim, refused: boolean) => {
        releases.push(refused);
      },
    } as unknown as IdempotencyKeys;
    const request = { method: 'POST', path: '/api/x', params: {}, query: {}, headers: { 'idempotency-key': 'k-1' }, body: {}, ...req };
    const ctx = {
      getType: () => 'http',
      switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({ statusCode: 201, status: () => undefined }) }),
    } as unknown as ExecutionContext;
    const next: CallHandler = { handle: () => handled };
    const answered = lastValueFrom(new IdempotencyInterceptor(keys, {} as PetitionRefResolver).intercept(ctx, next));
    return { answered, claims, answers, releases };
  }

  it('claims a request with attachments as one that writes outside PostgreSQL first', async () => {
    const files = run({ attachmentFiles: [{ buffer: Buffer.from('%PDF-1.4') }] });
    await files.answered;
    expect(files.claims[0].writesOutside).toBe(true);
    expect(files.answers).toEqual([{ status: 201, body: {} }]);
    const plain = run({});
    await plain.answered;
    expect(plain.claims[0].writesOutside).toBe(false);
  });

  it('records the answer a handler gives, undefined included, and releases nothing', async () => {
    const none = run({}, of(undefined));
    await expect(none.answered).resolves.toBeUndefined();
    expect(none.answers).toEqual([{ status: 201, body: undefined }]);
    expect(none.releases).toEqual([]);
  });

  it('releases the claim when the handler fails, refused when the error is a 4xx, and records nothing', async () => {
    const failed = run(
      {},
      throwError(() => new Error('boom')),
    );
    await expect(failed.answered).rejects.toThrow('boom');
    expect(failed.answers).toEqual([]);
    expect(failed.releases).toEqual([false]);
    const refused = run(
      {},
      throwError(() => new ConflictException('moved on')),
    );
    await expect(refused.answered).rejects.toBeInstanceOf(ConflictException);
    expect(refused.answers).toEqual([]);
    expect(refused.releases).toEqual([true]);
  });

  // An attacking helper's finding: `lastValueFrom(…, { defaultValue })` made a handler that answered
  // nothing (a 500 in Nest without a key) a 201 with an empty body, stored and replayed under the key.
  it('does not record a handler that answers nothing as a success: the claim is released and the error passed on', async () => {
    const empty = run({}, EMPTY);
    await expect(empty.answered).rejects.toBeInstanceOf(EmptyError);
    expect(empty.answers).toEqual([]);
    expect(empty.releases).toEqual([false]);
  });
});
