import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { lastValueFrom, Observable } from 'rxjs';
import { InterceptorsConsumer } from '@nestjs/core/interceptors/interceptors-consumer';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { bindAddsDeprecatedProperty, bindWithoutDeprecatedProperty, nodeAsyncResourceBind } from './async-bind';

// Node's own bind, to compare with and to put back: found even when an earlier test file of this
// Jest worker built the app, which installed the replacement on the shared node:async_hooks.
const nodeBind = nodeAsyncResourceBind() as unknown as typeof AsyncResource.prototype.bind;
const addedByNode = Object.hasOwn(
  nodeBind.call(new AsyncResource('probe'), () => undefined),
  'asyncResource',
);
const major = Number(process.versions.node.split('.')[0]);

afterAll(() => {
  Object.defineProperty(AsyncResource.prototype, 'bind', { configurable: true, enumerable: false, writable: true, value: nodeBind });
});

describe('AsyncResource.bind without the deprecated asyncResource property', () => {
  it('Node before 22 adds the property, and once installed the bind adds it no longer', () => {
    expect(addedByNode).toBe(major < 22);
    bindWithoutDeprecatedProperty();
    bindWithoutDeprecatedProperty(); // twice is once
    expect(bindAddsDeprecatedProperty()).toBe(false);
    expect(
      Object.hasOwn(
        AsyncResource.bind(() => 1),
        'asyncResource',
      ),
    ).toBe(false);
  });

  it('runs the function in the async context of the bind, not of the call (what Nest relies on)', async () => {
    bindWithoutDeprecatedProperty();
    const als = new AsyncLocalStorage<string>();
    const staticBound = als.run('at bind', () => AsyncResource.bind(() => als.getStore()));
    const bindWithThis = AsyncResource.prototype.bind as (this: AsyncResource, fn: () => unknown, thisArg: unknown) => () => unknown;
    const withThis = als.run('at bind', () => bindWithThis.call(new AsyncResource('test'), () => als.getStore(), {}));
    const later = await als.run('at call', async () => {
      await new Promise((r) => setImmediate(r));
      return [staticBound(), withThis(), als.getStore()];
    });
    expect(later).toEqual(['at bind', 'at bind', 'at call']);
  });

  it("keeps Nest's interceptor chain: a context an interceptor enters around next.handle() reaches the handler", async () => {
    bindWithoutDeprecatedProperty();
    const als = new AsyncLocalStorage<string>();
    const entering: NestInterceptor = {
      intercept: (_: ExecutionContext, next: CallHandler): Observable<unknown> =>
        als.run('entered by the interceptor', () => next.handle()),
    };
    const observing: NestInterceptor = { intercept: (_: ExecutionContext, next: CallHandler) => next.handle() };
    const handler = async () => {
      await new Promise((r) => setImmediate(r));
      return als.getStore();
    };
    const result = await als.run('outside', () =>
      new InterceptorsConsumer().intercept([entering, observing], [], {}, handler, handler, 'http'),
    );
    expect(await lastValueFrom(result as Observable<unknown>)).toBe('entered by the interceptor');
  });

  it("gives Node's this, arguments, length, result and errors", () => {
    bindWithoutDeprecatedProperty();
    function probe(this: unknown, a: number, b: number) {
      return { self: this, sum: a + b };
    }
    const receiver = { name: 'receiver' };
    const free = AsyncResource.bind(probe);
    expect(free.length).toBe(2);
    expect(free.name).toBe(nodeBind.call(new AsyncResource('probe'), probe).name);
    expect(free.call(receiver, 1, 2)).toEqual({ self: receiver, sum: 3 });
    const fixed = AsyncResource.bind(probe, 'typed', receiver);
    expect(fixed.length).toBe(2);
    expect(fixed.call({ other: true }, 2, 3)).toEqual({ self: receiver, sum: 5 });
    const failing = AsyncResource.bind(() => {
      throw new RangeError('inside');
    });
    expect(() => failing()).toThrow(RangeError);
    expect(() => AsyncResource.bind(42 as unknown as () => void)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }));
  });
});
