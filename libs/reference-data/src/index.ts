export { categories } from './categories';
export type { Category } from './categories';
export { city, departmentIdByCode, departments } from './departments';
export type { Department, DepartmentCode, DepartmentKind } from './departments';
export { PUBLIC_POINT_DECIMALS, gcj02ToWgs84, publicPoint, wgs84ToGcj02 } from './coordinates';
export {
  DistrictDataError,
  MAX_DISTRICT_FEATURES,
  WENZHOU_URBAN_DISTRICTS,
  districtAt,
  parseDistrictCollection,
  seedDistricts,
  suggestDepartment,
} from './districts';
export type { District } from './districts';
