#!/usr/bin/env node
// Mints a bearer token for local use:  npm run token -- <role> [--department <id or code>] [--sub <id>] [--hours N]
// Signs with AUTH_JWT_SECRET, or with the development secret `npm start` keeps in .data/.
const fs = require('node:fs');
const path = require('node:path');
const { SignJWT } = require('jose');
const { compile, root } = require('./compile');

const ROLES = ['citizen', 'reviewer', 'handler', 'supervisor', 'auditor', 'admin', 'system'];
const args = process.argv.slice(2);
const role = args[0];
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
if (!ROLES.includes(role)) {
  console.error(`usage: npm run token -- <${ROLES.join('|')}> [--department <id or code>] [--sub <id>] [--hours N]`);
  process.exit(2);
}
let secret = process.env.AUTH_JWT_SECRET;
if (!secret) {
  const file = path.join(root, '.data', 'dev-jwt-secret');
  if (!fs.existsSync(file)) {
    console.error('No AUTH_JWT_SECRET and no development secret yet: run `npm start` once (it creates .data/dev-jwt-secret).');
    process.exit(1);
  }
  secret = fs.readFileSync(file, 'utf8').trim();
}
let departmentId = opt('department');
if (role === 'handler' && !departmentId) {
  console.error('a handler token needs --department <id or code> (e.g. --department zfj); see GET /api/departments');
  process.exit(2);
}
if (departmentId && !/^[0-9a-f-]{36}$/i.test(departmentId)) {
  compile();
  const { departments } = require(path.join(root, 'dist', 'libs', 'reference-data', 'src'));
  const d = departments.find((x) => x.code === departmentId);
  if (!d) {
    console.error(
      `unknown department code ${departmentId}; seeded codes: ${departments.map((x) => x.code).join(', ')}; for a department an admin added, pass its id (GET /api/departments)`,
    );
    process.exit(2);
  }
  departmentId = d.id;
}
const hours = Number(opt('hours') || 12);
// The API refuses tokens that live longer than 24 hours (docs/security.md).
if (!(hours > 0 && hours <= 24)) {
  console.error('--hours: must be a number of hours greater than 0 and at most 24 (the API refuses longer-lived tokens)');
  process.exit(2);
}
new SignJWT({ roles: [role], ...(departmentId ? { departmentId } : {}) })
  .setProtectedHeader({ alg: 'HS256' })
  .setSubject(opt('sub') || `${role}-${departmentId ? departmentId.slice(0, 8) : 'local'}`)
  .setIssuedAt()
  .setExpirationTime(`${hours}h`)
  .sign(new TextEncoder().encode(secret))
  .then((t) => process.stdout.write(t + '\n'));
