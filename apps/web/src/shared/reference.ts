import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** Departments and categories change rarely: one fetch per page load. */
export function useDepartments() {
  return useQuery({ queryKey: ['departments'], queryFn: () => unwrap(api.GET('/api/departments')), staleTime: Infinity });
}

export function useCategories() {
  return useQuery({ queryKey: ['categories'], queryFn: () => unwrap(api.GET('/api/categories')), staleTime: Infinity });
}

/** Districts (区县) and streets whose outlines are loaded; a case's districtCode is one of them. */
export function useDistricts() {
  return useQuery({ queryKey: ['districts'], queryFn: () => unwrap(api.GET('/api/districts')), staleTime: Infinity });
}

/** The name of a district code, the code itself while the list loads or lacks it. */
export function useDistrictName(): (code?: string | null) => string | undefined {
  const districts = useDistricts();
  return (code) => (code ? (districts.data?.items.find((d) => d.code === code)?.name ?? code) : undefined);
}
