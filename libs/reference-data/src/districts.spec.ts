import { categories } from './categories';
import { departmentIdByCode, departments } from './departments';
import {
  DistrictDataError,
  WENZHOU_URBAN_DISTRICTS,
  districtAt,
  parseDistrictCollection,
  seedDistricts,
  suggestDepartment,
} from './districts';

const known = { departmentIdByCode: (code: string) => departments.find((d) => d.code === code)?.id };
const square = (code: string, name: string, lng: number, lat: number, size: number) => ({
  type: 'Feature',
  properties: { code, name },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [lng, lat],
        [lng + size, lat],
        [lng + size, lat + size],
        [lng, lat + size],
        [lng, lat],
      ],
    ],
  },
});

describe('the seeded Wenzhou districts', () => {
  const seed = seedDistricts();

  it('are the four urban districts with their codes', () => {
    expect(seed.map((d) => `${d.code} ${d.name}`)).toEqual(['330302 鹿城区', '330303 龙湾区', '330304 瓯海区', '330305 洞头区']);
  });

  it.each([
    ['五马街', 28.017, 120.656, '330302'],
    ['温州机场', 27.912, 120.852, '330303'],
    ['茶山', 27.92, 120.69, '330304'],
    ['洞头本岛', 27.836, 121.157, '330305'],
    ['大门岛', 27.96, 121.05, '330305'],
  ])('puts %s in its district', (_place, lat, lng, code) => {
    expect(districtAt({ lat, lng }, seed)?.code).toBe(code);
  });

  it('puts a point in the sea or another county in none', () => {
    expect(districtAt({ lat: 27.8, lng: 120.95 }, seed)).toBeUndefined();
    expect(districtAt({ lat: 27.78, lng: 120.3 }, seed)).toBeUndefined();
  });

  it('prefers a street to the district that contains it', () => {
    const withStreet = [
      ...seed,
      ...parseDistrictCollection({ type: 'FeatureCollection', features: [square('330302001', '五马街道', 120.64, 28.0, 0.03)] }, known),
    ];
    expect(districtAt({ lat: 28.017, lng: 120.656 }, withStreet)?.code).toBe('330302001');
  });
});

describe('suggestDepartment', () => {
  const lucheng = seedDistricts()[0];
  const byCode = (code: string) => categories.find((c) => c.code === code)!;

  it('sends a locally handled category to the district government', () => {
    expect(suggestDepartment(byCode('csgl'), lucheng)).toBe(departmentIdByCode('lcq'));
  });

  it('keeps the city department for other categories, and without a district', () => {
    expect(suggestDepartment(byCode('jy'), lucheng)).toBe(departmentIdByCode('jyj'));
    expect(suggestDepartment(byCode('csgl'))).toBe(departmentIdByCode('zfj'));
  });
});

describe('parseDistrictCollection', () => {
  const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });
  const refused = (input: unknown, message: RegExp) => {
    expect(() => parseDistrictCollection(input, known)).toThrow(DistrictDataError);
    expect(() => parseDistrictCollection(input, known)).toThrow(message);
  };

  it('accepts the seed as GeoJSON', () => {
    expect(parseDistrictCollection(JSON.parse(JSON.stringify(WENZHOU_URBAN_DISTRICTS)), known)).toHaveLength(4);
  });

  it('refuses what is not a FeatureCollection', () => refused({ type: 'Feature' }, /^type: must be FeatureCollection/));
  it('refuses a point, naming the feature', () =>
    refused(
      collection({ type: 'Feature', properties: { code: '330302', name: 'x' }, geometry: { type: 'Point', coordinates: [120, 28] } }),
      /^features\[0\]\.geometry\.type: must be Polygon or MultiPolygon/,
    ));
  it('refuses an open ring', () => {
    const f = square('330302', '鹿城区', 120.6, 28, 0.1);
    f.geometry.coordinates[0].pop();
    f.geometry.coordinates[0].push([120.6, 28.05]);
    refused(collection(f), /^features\[0\]\.geometry\.coordinates\[0\]: a linear ring must end where it starts/);
  });
  it('refuses a latitude beyond 90', () => {
    const f = square('330302', '鹿城区', 120.6, 89.95, 0.1);
    refused(collection(f), /latitude must be a number from -90 to 90/);
  });
  it('refuses a feature without a code or a name', () => {
    refused(
      collection({ ...square('330302', '鹿城区', 120.6, 28, 0.1), properties: { name: '鹿城区' } }),
      /^features\[0\]\.properties\.code: /,
    );
    refused(
      collection({ ...square('330302', '鹿城区', 120.6, 28, 0.1), properties: { code: '330302' } }),
      /^features\[0\]\.properties\.name: /,
    );
  });
  it('refuses a code listed twice and an unknown department', () => {
    refused(
      collection(square('330302', 'a', 120.6, 28, 0.1), square('330302', 'b', 120.7, 28, 0.1)),
      /^features\[1\]\.properties\.code: 330302 is listed twice/,
    );
    refused(
      collection({ ...square('330302', 'a', 120.6, 28, 0.1), properties: { code: '330302', name: 'a', departmentCode: 'nope' } }),
      /departmentCode: must be the code of a known department/,
    );
  });

  const ring = (...positions: number[][]) =>
    collection({ type: 'Feature', properties: { code: '330302', name: 'a' }, geometry: { type: 'Polygon', coordinates: [positions] } });
  it.each([
    [
      'a bow tie',
      [
        [0, 0],
        [2, 2],
        [2, 0],
        [0, 1],
        [0, 0],
      ],
      /must not cross or touch itself \(segments 0 and 2\)/,
    ],
    [
      'a ring touching itself at a point',
      [
        [0, 0],
        [2, 0],
        [1, 1],
        [2, 2],
        [0, 2],
        [1, 1],
        [0, 0],
      ],
      /must not cross or touch itself/,
    ],
    [
      'a spike that turns straight back',
      [
        [0, 0],
        [2, 0],
        [3, 0],
        [2, 0],
        [2, 2],
        [0, 0],
      ],
      /must not cross or touch itself/,
    ],
    [
      'a ring with no area',
      [
        [0, 0],
        [1, 0],
        [2, 0],
        [0, 0],
      ],
      /must enclose an area/,
    ],
    [
      'a ring of one repeated position',
      [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ],
      /must enclose an area/,
    ],
  ])('refuses %s, naming the ring', (_name, positions, message) => {
    refused(ring(...positions), /^features\[0\]\.geometry\.coordinates\[0\]: /);
    refused(ring(...positions), message);
  });
  it('accepts a concave ring, repeated consecutive positions, and a 49,999-position outline in a few seconds at most (not quadratic: minutes)', () => {
    expect(parseDistrictCollection(ring([0, 0], [2, 0], [2, 2], [1, 1], [1, 1], [0, 2], [0, 0]), known)).toHaveLength(1);
    const circle = Array.from({ length: 49_998 }, (_, i) => [
      120 + Math.cos((2 * Math.PI * i) / 49_998),
      28 + Math.sin((2 * Math.PI * i) / 49_998),
    ]);
    const started = performance.now();
    expect(parseDistrictCollection(ring(...circle, circle[0]), known)).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
