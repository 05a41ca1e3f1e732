/**
 * Recorded in the case's stream when a supervisor releases a report's (举报) reporter identity
 * to the department the case is with (permanent name). A platform event, outside the decider's
 * union like PersonalDataErased: no lifecycle rule depends on it, only who may read what.
 */
export const REPORTER_IDENTITY_RELEASED = 'ReporterIdentityReleased';

export interface ReporterIdentityReleasedData {
  readonly petitionId: string;
  readonly at: string;
  /** The department that may now see the reporter, as long as the case is with it. */
  readonly departmentId: string;
  readonly reason: string;
}
