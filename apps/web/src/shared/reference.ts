import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** Departments and categories change rarely: one fetch per page load. */
export function useDepartments() {
  return useQuery({ queryKey: ['departments'], queryFn: () => unwrap(api.GET('/api/departments')), staleTime: Infinity });
}

export function useCategories() {
  return useQuery({ queryKey: ['categories'], queryFn: () => unwrap(api.GET('/api/categories')), staleTime: Infinity });
}
