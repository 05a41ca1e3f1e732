import { categories, departments } from './index';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('reference data', () => {
  const all = [...departments, ...categories];

  it('gives every department and category a valid, unique UUID', () => {
    for (const { id } of all) expect(id).toMatch(UUID);
    expect(new Set(all.map((x) => x.id)).size).toBe(all.length);
  });

  it('keeps codes short ascii and codes and names unique within each list', () => {
    for (const list of [departments, categories] as const) {
      for (const { code } of list) expect(code).toMatch(/^[a-z]{2,8}$/);
      expect(new Set(list.map((x) => x.code)).size).toBe(list.length);
      expect(new Set(list.map((x) => x.name)).size).toBe(list.length);
    }
  });

  it('points every category at an existing, active department', () => {
    const byId = new Map(departments.map((d) => [d.id, d]));
    for (const c of categories) expect(byId.get(c.defaultDepartmentId)?.active).toBe(true);
  });

  it('covers the districts, counties, bureaus and utilities of 温州市', () => {
    const kinds = new Set(departments.map((d) => d.kind));
    expect([...kinds].sort()).toEqual(['county_government', 'district_government', 'municipal_bureau', 'public_utility']);
    expect(departments.length).toBeGreaterThanOrEqual(30);
    expect(categories.map((c) => c.name)).toEqual(expect.arrayContaining(['城市管理', '供水供电', '物业管理', '其他']));
    expect(categories).toHaveLength(15);
  });

  it('is frozen in ids: a changed id would orphan existing events', () => {
    expect(departments.find((d) => d.code === 'zfj')?.id).toBe('f1bdda95-4f1d-4b9d-8c27-acc5901b8505');
    expect(categories.find((c) => c.code === 'qt')?.id).toBe('5be047d3-167e-45a4-bb9d-4805c7ef9a98');
  });
});
