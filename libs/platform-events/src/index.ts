/**
 * Platform events: facts recorded in a case's stream that are not the decider's (outside
 * PetitionEvent). No lifecycle rule depends on them; they say who may read what. Their type names
 * are permanent, like the decider's. A new one joins the union here, and every projection of
 * petition streams is then told by the compiler to say what it does with it.
 */

/**
 * The case's personal data was erased (crypto-shredding). The command runner tells the decider of
 * it (CommandContext.personalDataErased), and the case then takes no more ratings or comments.
 */
export interface PersonalDataErasedData {
  readonly petitionId: string;
  readonly at: string;
  /** Kept in clear after the name is gone: it must not name the citizen. */
  readonly reason: string;
}

/** A supervisor released a report's (举报) reporter identity to the department the case is with. */
export interface ReporterIdentityReleasedData {
  readonly petitionId: string;
  readonly at: string;
  /** The department that may now see the reporter, as long as the case is with it. */
  readonly departmentId: string;
  readonly reason: string;
}

export type PersonalDataErased = Readonly<{ type: 'PersonalDataErased'; data: PersonalDataErasedData }>;
export type ReporterIdentityReleased = Readonly<{ type: 'ReporterIdentityReleased'; data: ReporterIdentityReleasedData }>;

export type PlatformEvent = PersonalDataErased | ReporterIdentityReleased;
export type PlatformEventType = PlatformEvent['type'];

export const PERSONAL_DATA_ERASED = 'PersonalDataErased' satisfies PlatformEventType;
export const REPORTER_IDENTITY_RELEASED = 'ReporterIdentityReleased' satisfies PlatformEventType;

/** Every platform event type; the Record makes a new member of the union a compile error until it is listed. */
const TYPES: Record<PlatformEventType, true> = { PersonalDataErased: true, ReporterIdentityReleased: true };
export const PLATFORM_EVENT_TYPES = Object.keys(TYPES) as PlatformEventType[];

export const isPlatformEventType = (type: string): type is PlatformEventType => Object.hasOwn(TYPES, type);
