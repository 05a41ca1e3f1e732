import { admin } from './admin';
import { auditor } from './auditor';
import { handler } from './handler';
import { reviewer } from './reviewer';
import { supervisor } from './supervisor';
import type { RoleModule } from './types';

/** Every role's route module; a new role's screens add one file and one line here. */
export const roleModules: readonly RoleModule[] = [reviewer, handler, supervisor, auditor, admin];

export const moduleFor = (role: string | undefined): RoleModule | undefined => roleModules.find((r) => r.role === role);
