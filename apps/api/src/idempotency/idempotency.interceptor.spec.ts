import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, of } from 'rxjs';
import type { IdempotencyKeys, IdempotentRequest, RunClaim } from './idempotency-keys';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * What the interceptor tells the key store about a request, which decides whether its claim and its
 * answer may commit without waiting for the disk (apps/api/src/http/async-commit.ts): a request that
 * stores attachments under the claimed ids says so before it claims, and an answer says whether the
 * route ran under the claimed ids.
 */
describe('the idempotency interceptor and the key store', () => {
  const claim: RunClaim = { kind: 'run', keyHash: 'h', sealKey: Buffer.alloc(32), commandId: 'cmd-1', newId: 'new-1' };

  function run(req: Record<string, unknown>, handler: (req: { claimedCommand?: { commandId: string; newId: string } }) => unknown) {
    const claims: IdempotentRequest[] = [];
    const answers: Array<{ status: number; body: unknown; ranUnderClaim: boolean | undefined }> = [];
    const keys = {
      claim: async (r: IdempotentRequest) => {
        claims.push(r);
        return claim;
      },
      complete: async (_c: RunClaim, status: number, body: unknown, ranUnderClaim?: boolean) => {
        answers.push({ status, body, ranUnderClaim });
      },
      release: async () => undefined,
    } as unknown as IdempotencyKeys;
    const request = { method: 'POST', path: '/api/x', params: {}, query: {}, headers: { 'idempotency-key': 'k-1' }, body: {}, ...req };
    const ctx = {
      getType: () => 'http',
      switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({ statusCode: 201, status: () => undefined }) }),
    } as unknown as ExecutionContext;
    const next: CallHandler = { handle: () => of(handler(request as { claimedCommand?: { commandId: string; newId: string } })) };
    return lastValueFrom(new IdempotencyInterceptor(keys).intercept(ctx, next)).then((body) => ({ body, claims, answers }));
  }

  it('says a route ran under the claim once it read the claimed commandId or new id, and not otherwise', async () => {
    const command = await run({}, (req) => ({ id: req.claimedCommand?.commandId }));
    expect(command.body).toEqual({ id: 'cmd-1' });
    expect(command.answers).toEqual([{ status: 201, body: { id: 'cmd-1' }, ranUnderClaim: true }]);
    const created = await run({}, (req) => ({ id: req.claimedCommand?.newId }));
    expect(created.answers[0].ranUnderClaim).toBe(true);
    // A route of its own ids (an admin create): a retry after a lost answer would not converge, so its answer must wait.
    const admin = await run({}, () => ({ id: 'client-given' }));
    expect(admin.answers).toEqual([{ status: 201, body: { id: 'client-given' }, ranUnderClaim: false }]);
  });

  it('claims a request with attachments as one that writes outside PostgreSQL first', async () => {
    const files = await run({ attachmentFiles: [{ buffer: Buffer.from('%PDF-1.4') }] }, () => ({}));
    expect(files.claims[0].writesOutside).toBe(true);
    const plain = await run({}, () => ({}));
    expect(plain.claims[0].writesOutside).toBe(false);
  });
});
