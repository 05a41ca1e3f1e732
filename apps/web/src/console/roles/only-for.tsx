import type { ReactNode } from 'react';
import { ApiError } from '../../api/errors';
import { m } from '../../i18n';
import { Problem } from '../../shared/Problem';
import { currentSession } from '../session';

/**
 * A role's screen, for that role only: every role's routes are mounted in the console, and a member of
 * staff of another role who types the address gets the 403 page, not the screen and its buttons (the
 * API refuses their commands anyway).
 */
export function OnlyFor({ role, children }: { role: string; children: ReactNode }) {
  return currentSession()?.role === role ? children : <Problem error={new ApiError(403, m.console.forbidden)} />;
}
