/** One request as the fake network saw it. */
export interface Seen {
  method: string;
  path: string;
  body: unknown;
  /** The query string as sent (a repeated parameter stays repeated). */
  query: URLSearchParams;
  headers: Headers;
}

type Answer = { status: number; body?: unknown } | ((seen: Seen) => { status: number; body?: unknown });

/**
 * The API as a component test's script: `answer('GET /api/x', { status: 200, body })` (the last
 * answer given for a route stands; a function answers each request). A request nobody scripted gets
 * a 599 and is kept in `unanswered`, so a test sees what the screen asked that it did not expect.
 */
class FakeFetch {
  private routes = new Map<string, Answer>();
  readonly seen: Seen[] = [];
  readonly unanswered: string[] = [];

  answer(route: string, answer: Answer): this {
    this.routes.set(route, answer);
    return this;
  }

  calls(route: string): Seen[] {
    return this.seen.filter((s) => `${s.method} ${s.path}` === route);
  }

  reset(): void {
    this.routes.clear();
    this.seen.length = 0;
    this.unanswered.length = 0;
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.text();
    const seen: Seen = {
      method: request.method,
      path: url.pathname,
      body: text ? safeJson(text) : undefined,
      query: url.searchParams,
      headers: request.headers,
    };
    this.seen.push(seen);
    const route = `${seen.method} ${seen.path}`;
    const scripted = this.routes.get(route);
    if (!scripted) {
      this.unanswered.push(route);
      return json(599, { message: `no answer scripted for ${route}` });
    }
    const { status, body } = typeof scripted === 'function' ? scripted(seen) : scripted;
    return json(status, body);
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

export const fakeFetch = new FakeFetch();
