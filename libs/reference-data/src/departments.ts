export type DepartmentKind = 'district_government' | 'county_government' | 'municipal_bureau' | 'public_utility';

export interface Department {
  /** Fixed, so seeds, tokens and events name the same department on every install. */
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly kind: DepartmentKind;
  readonly active: boolean;
}

/** 温州市 (adcode 330300), the city the seeds describe. */
export const city = { name: '温州市', adcode: '330300' } as const;

// County-level cities (瑞安, 乐清, 龙港) are 'county_government': the hotline dispatches to them
// exactly as to a county.
const departmentList = [
  { id: 'd2d79721-6e53-4821-8a7d-9562673da677', code: 'lcq', name: '鹿城区人民政府', kind: 'district_government', active: true },
  { id: '1bd843f5-d442-4e70-b30c-30391e2af8da', code: 'lwq', name: '龙湾区人民政府', kind: 'district_government', active: true },
  { id: '5fac64be-b116-4d0b-9ee7-f766c15f2423', code: 'ohq', name: '瓯海区人民政府', kind: 'district_government', active: true },
  { id: '81c9a36b-0b3a-44f9-a80d-7e9521b4101a', code: 'dtq', name: '洞头区人民政府', kind: 'district_government', active: true },
  { id: 'b83039c9-130e-46fb-9c09-4db40b7b4dbd', code: 'ras', name: '瑞安市人民政府', kind: 'county_government', active: true },
  { id: 'd2446135-67c2-41e5-9be5-dbde140bd902', code: 'yqs', name: '乐清市人民政府', kind: 'county_government', active: true },
  { id: '7f0ffb10-cb95-4ffd-912f-603ca9d10d7c', code: 'lgs', name: '龙港市人民政府', kind: 'county_government', active: true },
  { id: '61b52599-0632-4111-a5c7-3accf7c8d822', code: 'yjx', name: '永嘉县人民政府', kind: 'county_government', active: true },
  { id: '836af0b0-0421-4628-b49c-fe7970ca6cc1', code: 'pyx', name: '平阳县人民政府', kind: 'county_government', active: true },
  { id: '4262b16f-c09f-4dfb-9b65-f2c26a21b233', code: 'cnx', name: '苍南县人民政府', kind: 'county_government', active: true },
  { id: 'd0a3556f-8bd3-493e-9c13-9323bf9f9ac0', code: 'wcx', name: '文成县人民政府', kind: 'county_government', active: true },
  { id: 'f240d2ab-70f2-4189-86f3-aa74eeb180df', code: 'tsx', name: '泰顺县人民政府', kind: 'county_government', active: true },
  { id: '1f9c0c36-18f4-4b47-be25-baab2a5f69fe', code: 'szfb', name: '市人民政府办公室', kind: 'municipal_bureau', active: true },
  { id: 'f1bdda95-4f1d-4b9d-8c27-acc5901b8505', code: 'zfj', name: '市综合行政执法局', kind: 'municipal_bureau', active: true },
  { id: 'd2ac3be5-26ce-4dbb-bdc7-527ad82d6ce5', code: 'zjj', name: '市住房和城乡建设局', kind: 'municipal_bureau', active: true },
  { id: '877b87b8-3189-4c6c-827a-1739a41c1a42', code: 'jtj', name: '市交通运输局', kind: 'municipal_bureau', active: true },
  { id: '065cc557-6fd5-4688-92b2-58ba96510908', code: 'jyj', name: '市教育局', kind: 'municipal_bureau', active: true },
  { id: 'bebc8e47-f69e-4840-9377-38594116f59a', code: 'wjw', name: '市卫生健康委员会', kind: 'municipal_bureau', active: true },
  { id: '1cb7c79d-912b-4f17-8ce5-88c333f6dfe8', code: 'gaj', name: '市公安局', kind: 'municipal_bureau', active: true },
  { id: '41b0551c-b633-498a-a361-48ed034f2494', code: 'scjgj', name: '市市场监督管理局', kind: 'municipal_bureau', active: true },
  { id: 'e066d86b-bcb3-4e7c-b60c-cf4739225a1b', code: 'rsj', name: '市人力资源和社会保障局', kind: 'municipal_bureau', active: true },
  { id: 'bcdc1794-6156-4dd1-9236-7436795b43cf', code: 'sthjj', name: '市生态环境局', kind: 'municipal_bureau', active: true },
  { id: 'a1cf0106-ec37-492e-9f04-4faf4b5bef63', code: 'zrzyj', name: '市自然资源和规划局', kind: 'municipal_bureau', active: true },
  { id: 'b7255a7e-cf30-483d-9f12-19b6fe8ab244', code: 'mzj', name: '市民政局', kind: 'municipal_bureau', active: true },
  { id: '768ef978-4889-4ea8-ba6e-5b02d585f49a', code: 'ybj', name: '市医疗保障局', kind: 'municipal_bureau', active: true },
  { id: '1d10d9e8-98c7-46a0-a88e-7c0b79f75708', code: 'nyncj', name: '市农业农村局', kind: 'municipal_bureau', active: true },
  { id: '995dab52-a3db-46b4-a5ea-7a79867f67c4', code: 'slj', name: '市水利局', kind: 'municipal_bureau', active: true },
  { id: '5f81c5a9-26fe-445d-a675-50239b656585', code: 'fgw', name: '市发展和改革委员会', kind: 'municipal_bureau', active: true },
  { id: '44a5ccea-4246-4ac4-81d8-e3b087adcc47', code: 'yjglj', name: '市应急管理局', kind: 'municipal_bureau', active: true },
  { id: '628369c8-7e64-4b35-bcbf-aab5ef6999a0', code: 'wgly', name: '市文化广电旅游局', kind: 'municipal_bureau', active: true },
  { id: '88a58d10-8e9b-4df8-9d2e-8da99774d77b', code: 'gyjt', name: '市公用事业发展集团', kind: 'public_utility', active: true },
  { id: '4495089b-43a6-42ec-a4af-9489020fde75', code: 'gdgs', name: '国网温州供电公司', kind: 'public_utility', active: true },
] as const satisfies readonly Department[];

// Widened for consumers, so looking up an arbitrary string id type-checks.
export const departments: readonly Department[] = departmentList;

export type DepartmentCode = (typeof departmentList)[number]['code'];

export function departmentIdByCode(code: DepartmentCode): string {
  const found = departments.find((d) => d.code === code);
  if (!found) throw new Error(`No department with code ${code}`);
  return found.id;
}
