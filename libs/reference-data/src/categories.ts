import { departmentIdByCode } from './departments';

export interface Category {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  /** Where a reviewer usually dispatches a case of this category; a suggestion, not a rule. */
  readonly defaultDepartmentId: string;
}

export const categories: readonly Category[] = [
  { id: '0d700f71-0962-47a8-a113-1cdfa8856c1a', code: 'csgl', name: '城市管理', defaultDepartmentId: departmentIdByCode('zfj') },
  { id: '2c61c018-69c7-40fa-a23d-df555b5f388d', code: 'gsgd', name: '供水供电', defaultDepartmentId: departmentIdByCode('gyjt') },
  { id: '0376461a-a50e-492f-a377-44087b8098eb', code: 'jy', name: '教育', defaultDepartmentId: departmentIdByCode('jyj') },
  { id: '5686c0e8-873b-4898-af94-9c831e8ec59d', code: 'ylws', name: '医疗卫生', defaultDepartmentId: departmentIdByCode('wjw') },
  { id: '14acb79f-d04c-4a65-8c3e-804caeb2f608', code: 'jtcx', name: '交通出行', defaultDepartmentId: departmentIdByCode('jtj') },
  { id: '2b30d223-f30d-464b-acb6-418371de8631', code: 'zfbz', name: '住房保障', defaultDepartmentId: departmentIdByCode('zjj') },
  { id: '620f4471-9b81-4b10-a4b2-5775d3966c85', code: 'hjbh', name: '环境保护', defaultDepartmentId: departmentIdByCode('sthjj') },
  { id: '699383e6-6439-450f-ada0-965a34459a0f', code: 'ldsb', name: '劳动社保', defaultDepartmentId: departmentIdByCode('rsj') },
  { id: '4eea9720-547f-4f34-a987-1c13347105f5', code: 'scjg', name: '市场监管', defaultDepartmentId: departmentIdByCode('scjgj') },
  { id: '637a38f7-911c-48f7-8e17-cc47adb979f1', code: 'gaza', name: '公安治安', defaultDepartmentId: departmentIdByCode('gaj') },
  { id: 'e422c602-04bb-4b63-afbb-69f1c9d9f1ef', code: 'mzjz', name: '民政救助', defaultDepartmentId: departmentIdByCode('mzj') },
  { id: 'dda21121-6c82-4a85-b45f-9c743affa4d0', code: 'ghjs', name: '规划建设', defaultDepartmentId: departmentIdByCode('zrzyj') },
  { id: '2839a927-bec4-45dd-ae14-143bebc47fb2', code: 'wygl', name: '物业管理', defaultDepartmentId: departmentIdByCode('zjj') },
  { id: '343fdc96-199e-48a3-b3c6-aa2fa66329a7', code: 'nync', name: '农业农村', defaultDepartmentId: departmentIdByCode('nyncj') },
  { id: '5be047d3-167e-45a4-bb9d-4805c7ef9a98', code: 'qt', name: '其他', defaultDepartmentId: departmentIdByCode('szfb') },
];
