import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { DISTRICT_CODE, type GeoPoint } from '@wenzheng/petition';
import type { Category } from './categories';
import { departments } from './departments';

/** A district (区) or street (街道) with its outline, as an admin loads it. */
export interface District {
  readonly code: string;
  readonly name: string;
  /** The department that handles this area's local matters (its district government). */
  readonly departmentId?: string;
  /** Codes of the categories handled locally here rather than by the category's city department. */
  readonly localCategories: readonly string[];
  readonly geometry: Polygon | MultiPolygon;
}

export class DistrictDataError extends Error {
  constructor(
    readonly field: string,
    rule: string,
  ) {
    super(`${field}: ${rule}`);
  }
}

export const MAX_DISTRICT_FEATURES = 1000;
const MAX_POSITIONS = 50_000;

// A name is shown in lists and on case pages: a bidi override (U+202E) would reorder the text around it.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_OR_BIDI = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkRing(ring: unknown, where: string, count: { positions: number }): void {
  if (!Array.isArray(ring) || ring.length < 4) throw new DistrictDataError(where, 'a linear ring needs at least 4 positions');
  ring.forEach((pos: unknown, i) => {
    const [lng, lat] = Array.isArray(pos) ? (pos as unknown[]) : [];
    if (typeof lng !== 'number' || !Number.isFinite(lng) || Math.abs(lng) > 180)
      throw new DistrictDataError(`${where}[${i}][0]`, 'longitude must be a number from -180 to 180');
    if (typeof lat !== 'number' || !Number.isFinite(lat) || Math.abs(lat) > 90)
      throw new DistrictDataError(`${where}[${i}][1]`, 'latitude must be a number from -90 to 90');
  });
  const [first, last] = [ring[0] as number[], ring[ring.length - 1] as number[]];
  if (first[0] !== last[0] || first[1] !== last[1]) throw new DistrictDataError(where, 'a linear ring must end where it starts');
  count.positions += ring.length;
  if (count.positions > MAX_POSITIONS) throw new DistrictDataError('features', `more than ${MAX_POSITIONS} positions in all`);
  checkSimple(ring as number[][], where);
}

type Position = readonly [number, number];
/** > 0: r is left of p→q; < 0: right; 0: on the line. */
const cross = (p: Position, q: Position, r: Position) => (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
const within = (p: Position, q: Position, r: Position) =>
  Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) && Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1]);
/** Whether segments ab and cd share any point (crossing, touching or overlapping). */
function meet(a: Position, b: Position, c: Position, d: Position): boolean {
  const [d1, d2, d3, d4] = [cross(c, d, a), cross(c, d, b), cross(a, b, c), cross(a, b, d)];
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (d1 === 0 && within(c, d, a)) || (d2 === 0 && within(c, d, b)) || (d3 === 0 && within(a, b, c)) || (d4 === 0 && within(a, b, d));
}

/**
 * A ring is a polygon's boundary only if it encloses an area and does not cross or touch itself (a
 * bow tie has two insides, and point-in-polygon then answers by parity, not by the outline drawn).
 * Segments are swept in order of their west end, so a real outline compares each segment with its
 * few neighbours in longitude rather than with all the others.
 */
function checkSimple(ring: readonly number[][], where: string): void {
  const pts: Position[] = [];
  for (const [x, y] of ring) if (!pts.length || pts[pts.length - 1][0] !== x || pts[pts.length - 1][1] !== y) pts.push([x, y]);
  const n = pts.length - 1; // segments; pts[n] is pts[0]
  let area2 = 0;
  for (let i = 0; i < n; i++) area2 += pts[i][0] * pts[i + 1][1] - pts[i + 1][0] * pts[i][1];
  if (n < 3 || area2 === 0)
    throw new DistrictDataError(where, 'a linear ring must enclose an area (at least 3 distinct positions, not all on a line)');
  const bad = (i: number, j: number) =>
    new DistrictDataError(where, `a linear ring must not cross or touch itself (segments ${Math.min(i, j)} and ${Math.max(i, j)})`);
  // Consecutive segments share a point by construction; they are wrong only when the second turns straight back (a spike).
  for (let i = 0; i < n; i++) {
    const [p, q, r] = [pts[i], pts[i + 1], pts[(i + 2) % n]];
    if (cross(p, q, r) === 0 && (p[0] - q[0]) * (r[0] - q[0]) + (p[1] - q[1]) * (r[1] - q[1]) > 0) throw bad(i, (i + 1) % n);
  }
  const west = Float64Array.from({ length: n }, (_, i) => Math.min(pts[i][0], pts[i + 1][0]));
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => west[a] - west[b]);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const east = Math.max(pts[i][0], pts[i + 1][0]);
    for (let m = k + 1; m < n && west[order[m]] <= east; m++) {
      const j = order[m];
      const gap = Math.abs(i - j);
      if (gap === 1 || gap === n - 1) continue;
      if (meet(pts[i], pts[i + 1], pts[j], pts[j + 1])) throw bad(i, j);
    }
  }
}

function checkPolygon(rings: unknown, where: string, count: { positions: number }): void {
  if (!Array.isArray(rings) || rings.length === 0) throw new DistrictDataError(where, 'a polygon needs at least one ring');
  rings.forEach((ring, i) => checkRing(ring, `${where}[${i}]`, count));
}

/**
 * A GeoJSON FeatureCollection of districts as an admin uploads it, checked field by field:
 * Polygon or MultiPolygon geometries only, closed rings of WGS-84 positions, and properties
 * `code` (6 or 9 digits, unique) and `name`; `departmentCode` (a known department) and
 * `localCategories` (category codes) are optional.
 */
export function parseDistrictCollection(input: unknown, known: { departmentIdByCode(code: string): string | undefined }): District[] {
  if (!isObject(input) || input.type !== 'FeatureCollection') throw new DistrictDataError('type', 'must be FeatureCollection');
  if (!Array.isArray(input.features) || input.features.length === 0) throw new DistrictDataError('features', 'must be a non-empty array');
  if (input.features.length > MAX_DISTRICT_FEATURES) throw new DistrictDataError('features', `at most ${MAX_DISTRICT_FEATURES}`);
  const count = { positions: 0 };
  const seen = new Set<string>();
  return input.features.map((f: unknown, i): District => {
    const at = `features[${i}]`;
    if (!isObject(f) || f.type !== 'Feature') throw new DistrictDataError(`${at}.type`, 'must be Feature');
    const g = f.geometry;
    if (!isObject(g) || (g.type !== 'Polygon' && g.type !== 'MultiPolygon'))
      throw new DistrictDataError(`${at}.geometry.type`, 'must be Polygon or MultiPolygon');
    if (g.type === 'Polygon') checkPolygon(g.coordinates, `${at}.geometry.coordinates`, count);
    else {
      if (!Array.isArray(g.coordinates) || g.coordinates.length === 0)
        throw new DistrictDataError(`${at}.geometry.coordinates`, 'a MultiPolygon needs at least one polygon');
      g.coordinates.forEach((p: unknown, j) => checkPolygon(p, `${at}.geometry.coordinates[${j}]`, count));
    }
    const p = isObject(f.properties) ? f.properties : {};
    const code = p.code;
    if (typeof code !== 'string' || !DISTRICT_CODE.test(code))
      throw new DistrictDataError(`${at}.properties.code`, 'must be a 6-digit district or 9-digit street code');
    if (seen.has(code)) throw new DistrictDataError(`${at}.properties.code`, `${code} is listed twice`);
    seen.add(code);
    const name = p.name;
    if (typeof name !== 'string' || !name.trim() || name.length > 50)
      throw new DistrictDataError(`${at}.properties.name`, 'must be a name of 1-50 characters');
    if (CONTROL_OR_BIDI.test(name))
      throw new DistrictDataError(`${at}.properties.name`, 'must not contain control characters or bidirectional overrides');
    let departmentId: string | undefined;
    if (p.departmentCode !== undefined) {
      departmentId = typeof p.departmentCode === 'string' ? known.departmentIdByCode(p.departmentCode) : undefined;
      if (!departmentId) throw new DistrictDataError(`${at}.properties.departmentCode`, 'must be the code of a known department');
    }
    const local = p.localCategories ?? [];
    if (!Array.isArray(local) || !local.every((c) => typeof c === 'string' && c.length <= 50))
      throw new DistrictDataError(`${at}.properties.localCategories`, 'must be an array of category codes');
    return {
      code,
      name: name.trim(),
      ...(departmentId && { departmentId }),
      localCategories: local as string[],
      geometry: { type: g.type, coordinates: g.coordinates } as Polygon | MultiPolygon,
    };
  });
}

/**
 * The district containing a point: a street (9 digits) before its district when both contain it,
 * so a loaded street layer refines the answer. Undefined outside every outline.
 */
export function districtAt(point: GeoPoint, districts: readonly District[]): District | undefined {
  const inside = districts.filter((d) => booleanPointInPolygon([point.lng, point.lat], d.geometry));
  return inside.sort((a, b) => b.code.length - a.code.length)[0];
}

/**
 * Where a case of this category in this district would usually go: the district's own department
 * for the categories it handles locally, else the category's default. A suggestion, not a rule.
 */
export function suggestDepartment(category: Pick<Category, 'code' | 'defaultDepartmentId'>, district?: District): string {
  if (district?.departmentId && district.localCategories.includes(category.code)) return district.departmentId;
  return category.defaultDepartmentId;
}

// --- the seed: the four urban districts of Wenzhou, drawn by hand as rough outlines (a few
// points each, not surveyed; good enough to tell the districts apart in the city, not at a border).
// Neighbouring outlines share their edges. Dongtou is a MultiPolygon: its main island group and 大门岛.

const LOCAL = ['csgl', 'wygl', 'mzjz', 'hjbh'];

const feature = (code: string, name: string, departmentCode: string, geometry: Polygon | MultiPolygon): Feature => ({
  type: 'Feature',
  properties: { code, name, departmentCode, localCategories: LOCAL },
  geometry,
});

export const WENZHOU_URBAN_DISTRICTS = {
  type: 'FeatureCollection',
  features: [
    feature('330302', '鹿城区', 'lcq', {
      type: 'Polygon',
      coordinates: [
        [
          [120.45, 28.05],
          [120.55, 28.1],
          [120.68, 28.06],
          [120.7, 28.02],
          [120.66, 27.99],
          [120.55, 27.99],
          [120.45, 28.02],
          [120.45, 28.05],
        ],
      ],
    }),
    feature('330303', '龙湾区', 'lwq', {
      type: 'Polygon',
      coordinates: [
        [
          [120.7, 28.02],
          [120.8, 28.04],
          [120.92, 27.98],
          [120.88, 27.88],
          [120.76, 27.88],
          [120.7, 27.95],
          [120.7, 28.02],
        ],
      ],
    }),
    feature('330304', '瓯海区', 'ohq', {
      type: 'Polygon',
      coordinates: [
        [
          [120.45, 28.02],
          [120.55, 27.99],
          [120.66, 27.99],
          [120.7, 28.02],
          [120.7, 27.95],
          [120.76, 27.88],
          [120.6, 27.82],
          [120.45, 27.88],
          [120.45, 28.02],
        ],
      ],
    }),
    feature('330305', '洞头区', 'dtq', {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [121.05, 27.9],
            [121.2, 27.9],
            [121.22, 27.8],
            [121.05, 27.78],
            [121.05, 27.9],
          ],
        ],
        [
          [
            [121.0, 28.0],
            [121.1, 28.0],
            [121.1, 27.93],
            [121.0, 27.93],
            [121.0, 28.0],
          ],
        ],
      ],
    }),
  ],
} as const;

/** The seed, parsed: what a fresh install starts with. */
export const seedDistricts = (): District[] =>
  parseDistrictCollection(WENZHOU_URBAN_DISTRICTS, {
    departmentIdByCode: (code) => departments.find((d) => d.code === code)?.id,
  });
