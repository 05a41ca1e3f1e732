import { createTestApp, TestApp } from '../setup/app';

/**
 * The OpenAPI document lists every route with examples (issue 12 item 7): a reader of
 * /api/docs can send a request and recognise the answer without reading the code.
 * An enum counts as its own example (its values are listed); a nested object or an array
 * counts when its members do.
 */
interface Schema {
  $ref?: string;
  example?: unknown;
  examples?: unknown;
  enum?: unknown[];
  type?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}
interface Media {
  schema?: Schema;
  example?: unknown;
  examples?: unknown;
}
interface Operation {
  summary?: string;
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { content?: Record<string, Media> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

let t: TestApp;
let doc: Document;
let operations: [string, Operation][];

beforeAll(async () => {
  t = await createTestApp();
  doc = (await t.http().get('/api/docs-json').expect(200)).body;
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Operation]),
  );
});
afterAll(() => t.close());

const deref = (s: Schema | undefined): Schema | undefined => (s?.$ref ? doc.components.schemas[s.$ref.split('/').pop() as string] : s);

/** The properties of a body schema that show no example (nested ones as a.b). */
function withoutExample(schema: Schema | undefined, prefix = ''): string[] {
  const s = deref(schema);
  if (!s) return [prefix || '(no schema)'];
  if (s.example !== undefined || s.examples !== undefined || s.enum) return [];
  const parts = s.allOf ?? s.oneOf ?? s.anyOf;
  if (parts) return parts.flatMap((part) => withoutExample(part, prefix));
  if (s.type === 'array' && s.items) return withoutExample(s.items, `${prefix}[]`);
  if (s.properties) return Object.entries(s.properties).flatMap(([name, p]) => withoutExample(p, prefix ? `${prefix}.${name}` : name));
  return [prefix || '(schema without example)'];
}

describe('the OpenAPI document at /api/docs-json', () => {
  it('lists the routes (sanity: the walk below sees them)', () => {
    expect(operations.length).toBeGreaterThan(40);
    expect(operations.map(([name]) => name)).toContain('POST /api/petitions/{id}/close');
  });

  it('gives every operation a summary', () => {
    expect(operations.filter(([, op]) => !op.summary?.trim()).map(([name]) => name)).toEqual([]);
  });

  it('gives every request body an example, or an example for each of its properties', () => {
    const missing = operations.flatMap(([name, op]) =>
      Object.values(op.requestBody?.content ?? {})
        .filter((media) => media.example === undefined && media.examples === undefined)
        .flatMap((media) => withoutExample(media.schema).map((field) => `${name}: ${field}`)),
    );
    expect(missing).toEqual([]);
  });

  it('gives every 2xx answer with a body a schema or an example', () => {
    const missing = operations.flatMap(([name, op]) =>
      Object.entries(op.responses ?? {})
        .filter(([status]) => /^2\d\d$/.test(status) && status !== '204')
        .filter(
          ([, response]) =>
            !Object.values(response.content ?? {}).some(
              (media) => media.schema || media.example !== undefined || media.examples !== undefined,
            ),
        )
        .map(([status]) => `${name} ${status}`),
    );
    expect(missing).toEqual([]);
  });
});
