import { ExistingPetitionState, PetitionEvent, departmentsWorkingOn } from '@wenzheng/petition';
import type { Principal } from '../../auth/principal';
import { REPORTER_IDENTITY_RELEASED } from '@wenzheng/platform-events';

/** What a reader gets of a case (docs/security.md, "Personal data (PIPL) and who sees it"). */
export type ReadAccess =
  /** In clear; `logAs` is the reason recorded in the access log (every staff read in clear is). */
  | { readonly see: 'clear'; readonly logAs?: string }
  /** Citizen block masked, every free text redacted. */
  | { readonly see: 'masked' }
  /** Visible, but the stated reason does not unmask it (a report's department, before a release). */
  | { readonly see: 'refused'; readonly message: string }
  /** Not theirs to know of: answered exactly as an unknown case. */
  | { readonly see: 'nothing' };

export interface Reader {
  readonly principal?: Principal;
  /** The X-Access-Key presented matches the case's. */
  readonly holdsAccessKey: boolean;
  /** `?reason=`: why the personal data is needed. */
  readonly reason?: string;
}

export const HOTLINE_OFFICE_READ = 'handling: hotline office (reviewer)';
export const CURRENT_DEPARTMENT_READ = 'handling: current department';
export const CO_HANDLING_READ = 'handling: assisting department (协办) or unit passed down to (下派)';
export const RELEASED_REPORTER_READ = 'handling: current department, reporter identity released by a supervisor';

/** Roles that may look at any case, masked unless they state a reason. */
const OVERSIGHT = ['supervisor', 'auditor', 'admin'] as const;

/**
 * Who sees a case's personal data. The hotline office (reviewer) works every case, so every
 * reviewer reads in clear; the departments working it now (departmentsWorkingOn: the one it is
 * dispatched to, assisting departments until they contributed, units it was passed down to) read
 * in clear, except the
 * reporter of a 举报 until a supervisor releases the identity to that department. A department
 * that had the case before (returned it) keeps it only masked, as supervisors, auditors and
 * admins have it: a stated reason unmasks and is logged. Any other department, citizen or
 * wrong access key learns nothing, not even that the case exists.
 */
export function readAccess(reader: Reader, state: ExistingPetitionState, events: readonly PetitionEvent[]): ReadAccess {
  const { principal, reason } = reader;
  const roles = principal?.roles ?? [];
  if (readsAsSubmitter(reader, state)) return { see: 'clear' };
  if (!principal) return { see: 'nothing' };
  if (roles.includes('reviewer')) return { see: 'clear', logAs: HOTLINE_OFFICE_READ };

  const department = roles.includes('handler') ? principal.departmentId : undefined;
  const oversight = OVERSIGHT.some((r) => roles.includes(r));
  const concernsDepartment = department !== undefined && events.some((e) => namesDepartment(e, department));
  const shieldsReporter = state.kind === 'report' && concernsDepartment && !oversight;
  const working = departmentsWorkingOn(state);

  if (department !== undefined && working.includes(department)) {
    if (!shieldsReporter) return { see: 'clear', logAs: department === working[0] ? CURRENT_DEPARTMENT_READ : CO_HANDLING_READ };
    if (releasedTo(events, department)) return { see: 'clear', logAs: RELEASED_REPORTER_READ };
  } else if (!oversight && !concernsDepartment) {
    return { see: 'nothing' };
  }
  if (reason === undefined) return { see: 'masked' };
  if (shieldsReporter && !releasedTo(events, department)) {
    return {
      see: 'refused',
      message: "reason: a report's (举报) reporter is shown to the department it concerns only once a supervisor releases the identity",
    };
  }
  return { see: 'clear', logAs: reason };
}

/** The department had the case to work: dispatched to it, assisting on it (协办) or passed down to it (下派). */
const namesDepartment = (e: PetitionEvent, department: string): boolean =>
  (e.type === 'PetitionDispatched' &&
    (e.data.departmentId === department || (e.data.assisting ?? []).some((a) => a.departmentId === department))) ||
  (e.type === 'PetitionPassedDown' && e.data.departmentId === department);

/** The access key of the case, or a citizen token of the account that submitted it: the submitter's own view. */
export const readsAsSubmitter = ({ principal, holdsAccessKey }: Reader, state: ExistingPetitionState): boolean =>
  holdsAccessKey || (principal !== undefined && principal.roles.includes('citizen') && principal.sub === state.submitter.userId);

/** A supervisor released the reporter's identity to this department (a platform event in the stream). */
const releasedTo = (events: readonly PetitionEvent[], departmentId: string | undefined): boolean =>
  events.some(
    (e) => (e.type as string) === REPORTER_IDENTITY_RELEASED && (e.data as { departmentId?: string }).departmentId === departmentId,
  );
