import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { m } from '../i18n';

/** Departments and categories change rarely: one fetch per page load. */
export function useDepartments() {
  return useQuery({ queryKey: ['departments'], queryFn: () => unwrap(api.GET('/api/departments')), staleTime: Infinity });
}

/**
 * The name of a department by its id (any case of letters): '…' while the list loads, and a plain
 * 未知部门 when the list has no such id — never the bare id, which a person cannot read.
 */
export function useDepartmentName(): (id?: string | null) => string | undefined {
  const departments = useDepartments();
  return (id) => {
    if (!id) return undefined;
    if (!departments.data) return '…';
    return departments.data.items.find((d) => d.id.toLowerCase() === id.toLowerCase())?.name ?? m.console.unknownDepartment;
  };
}

export function useCategories() {
  return useQuery({ queryKey: ['categories'], queryFn: () => unwrap(api.GET('/api/categories')), staleTime: Infinity });
}

/** Districts (区县) and streets whose outlines are loaded; a case's districtCode is one of them. */
export function useDistricts() {
  return useQuery({ queryKey: ['districts'], queryFn: () => unwrap(api.GET('/api/districts')), staleTime: Infinity });
}

/**
 * The name of a district code: a street's (9 digits) the reference data lacks by its district's (its first 6).
 * Never the bare code: undefined while the list loads or when it names neither, and the page leaves it out.
 */
export function useDistrictName(): (code?: string | null) => string | undefined {
  const districts = useDistricts();
  const named = (code: string) => districts.data?.items.find((d) => d.code === code)?.name;
  return (code) => (code ? (named(code) ?? (code.length === 9 ? named(code.slice(0, 6)) : undefined)) : undefined);
}
