import { AsyncResource } from 'node:async_hooks';

// Nest runs a route's interceptors inside `defer(AsyncResource.bind(…))`, twice a request with the
// one global interceptor (the Idempotency-Key's), so that AsyncLocalStorage reaches the handler.
// On Node 20 that bind also gives the bound function an `asyncResource` property whose getter and
// setter are util.deprecate wrappers (DEP0172), and making each resets a function's prototype:
// about 12 µs a bind on these machines, 1.6% of the API's CPU a command in the bench's profile, and
// the wrappers outlive the request's first garbage collection. Node 22 dropped the property
// (DEP0172's End-of-Life); this gives Node 20 the same bind without it, nothing else changed.

type Bind = (this: AsyncResource, fn: (...args: never[]) => unknown, thisArg?: unknown) => (...args: unknown[]) => unknown;

/** Where the installed bind keeps Node's (a registered symbol: a Jest test file's copy of this module finds it too). */
const NODE_BIND = Symbol.for('wenzheng.AsyncResource.nodeBind');
type Installed = Bind & { [NODE_BIND]?: Bind };

/** Node's own AsyncResource bind, whether or not the one without the property is installed (by this module or another copy of it). */
export function nodeAsyncResourceBind(): Bind {
  const current = AsyncResource.prototype.bind as unknown as Installed;
  return current[NODE_BIND] ?? current;
}

const nodeBind = nodeAsyncResourceBind();

/** Whether this Node's AsyncResource.bind adds the deprecated `asyncResource` property (Node 20; not since 22). */
export function bindAddsDeprecatedProperty(): boolean {
  return Object.hasOwn(
    AsyncResource.bind(() => undefined),
    'asyncResource',
  );
}

/**
 * Node's own bind as Node 22 has it: the function run in the resource's async scope, with the
 * caller's `this` (or `thisArg`), and Node's `length`; without the deprecated property.
 */
function bindInScope(this: AsyncResource, fn: (...args: never[]) => unknown, thisArg?: unknown): (...args: unknown[]) => unknown {
  if (typeof fn !== 'function') return nodeBind.call(this, fn, thisArg); // Node's own error
  return inScope(this, fn, thisArg);
}

function inScope(resource: AsyncResource, fn: (...args: never[]) => unknown, thisArg: unknown): (...args: unknown[]) => unknown {
  if (thisArg !== undefined) return withLength(resource.runInAsyncScope.bind(resource, fn as (...a: unknown[]) => unknown, thisArg), fn);
  // Declared on its own, as Node's, so that it is named `bound` as Node's is.
  const bound = function (this: unknown, ...args: unknown[]) {
    return resource.runInAsyncScope(fn as (...a: unknown[]) => unknown, this, ...args);
  };
  return withLength(bound, fn);
}

/** Node's `length` on the bound function: the function's own. */
function withLength(bound: (...args: unknown[]) => unknown, fn: (...args: never[]) => unknown): (...args: unknown[]) => unknown {
  Object.defineProperty(bound, 'length', { configurable: true, enumerable: false, writable: false, value: fn.length });
  return bound;
}

(bindInScope as Installed)[NODE_BIND] = nodeBind;

/** Installs bindInScope as AsyncResource's bind where Node still adds the property; idempotent. */
export function bindWithoutDeprecatedProperty(): void {
  if (AsyncResource.prototype.bind === (bindInScope as unknown) || !bindAddsDeprecatedProperty()) return;
  Object.defineProperty(AsyncResource.prototype, 'bind', { configurable: true, enumerable: false, writable: true, value: bindInScope });
}
