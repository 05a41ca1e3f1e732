import type { ReactNode } from 'react';

/**
 * One role's screens: its own route module (roles/<role>.tsx), listed in roles/index.ts.
 * Paths are relative to /console.
 */
export interface RoleModule {
  role: string;
  /** Where the role lands after signing in. */
  home: string;
  nav: { path: string; label: string }[];
  routes: { path: string; element: ReactNode }[];
}
