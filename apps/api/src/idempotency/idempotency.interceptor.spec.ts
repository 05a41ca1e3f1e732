import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, of } from 'rxjs';
import type { IdempotencyKeys, IdempotentRequest, RunClaim } from './idempotency-keys';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * What the interceptor tells the key store about a request, which decides whether its claim may
 * commit without waiting for the disk (apps/api/src/http/async-commit.ts): a request that stores
 * attachments under the claimed ids says so before it claims.
 */
describe('the idempotency interceptor and the key store', () => {
  const claim: RunClaim = { kind: 'run', keyHash: 'h', sealKey: Buffer.alloc(32), commandId: 'cmd-1', newId: 'new-1' };

  function run(req: Record<string, unknown>) {
    const claims: IdempotentRequest[] = [];
    const answers: Array<{ status: number; body: unknown }> = [];
    const keys = {
      claim: async (r: IdempotentRequest) => {
        claims.push(r);
        return claim;
      },
      complete: async (_c: RunClaim, status: number, body: unknown) => {
        answers.push({ status, body });
      },
      release: async () => undefined,
    } as unknown as IdempotencyKeys;
    const request = { method: 'POST', path: '/api/x', params: {}, query: {}, headers: { 'idempotency-key': 'k-1' }, body: {}, ...req };
    const ctx = {
      getType: () => 'http',
      switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({ statusCode: 201, status: () => undefined }) }),
    } as unknown as ExecutionContext;
    const next: CallHandler = { handle: () => of({}) };
    return lastValueFrom(new IdempotencyInterceptor(keys).intercept(ctx, next)).then((body) => ({ body, claims, answers }));
  }

  it('claims a request with attachments as one that writes outside PostgreSQL first', async () => {
    const files = await run({ attachmentFiles: [{ buffer: Buffer.from('%PDF-1.4') }] });
    expect(files.claims[0].writesOutside).toBe(true);
    expect(files.answers).toEqual([{ status: 201, body: {} }]);
    const plain = await run({});
    expect(plain.claims[0].writesOutside).toBe(false);
  });
});
