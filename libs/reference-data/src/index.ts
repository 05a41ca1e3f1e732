export { categories } from './categories';
export type { Category } from './categories';
export { city, departmentIdByCode, departments } from './departments';
export type { Department, DepartmentCode, DepartmentKind } from './departments';
