import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestApp, TestApp } from '../setup/app';

/**
 * The web's typed client is generated from a committed copy of the OpenAPI document
 * (apps/web/src/api/openapi.json → schema.d.ts), so a changed route breaks `npm run typecheck`.
 * This test keeps the copy honest: it fails when the app serves another document.
 * `npm run openapi` rewrites both files.
 */
const root = path.resolve(__dirname, '../..');
const committed = path.join(root, 'apps/web/src/api/openapi.json');
const types = path.join(root, 'apps/web/src/api/schema.d.ts');
const update = process.env.UPDATE_OPENAPI === '1';

function generateTypes(): string {
  return execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/openapi-typescript/bin/cli.js'), committed, '--default-non-nullable=false'],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

describe('the OpenAPI document the web is typed against', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('is the one the API serves (run `npm run openapi` after changing a route)', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    const served = JSON.stringify(res.body, null, 2) + '\n';
    if (update) writeFileSync(committed, served);
    expect(readFileSync(committed, 'utf8')).toBe(served);
  });

  it('and the generated types are those of the committed document', () => {
    const generated = generateTypes();
    if (update) writeFileSync(types, generated);
    expect(readFileSync(types, 'utf8')).toBe(generated);
  });
});
