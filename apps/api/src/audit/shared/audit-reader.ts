import type { Principal } from '../../auth/principal';

/** Who is reading through an audit route, and the reason they stated (if any). */
export interface AuditReader {
  readonly principal: Principal;
  readonly reason?: string;
}

/** Shown only with a stated reason, and then logged before anything is returned. */
export const showsPersonalData = (reader: AuditReader): reader is AuditReader & { reason: string } => reader.reason !== undefined;
