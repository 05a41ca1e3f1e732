// How case, consultation, interview and survey events are stored: the codecs (sealing personal data
// with the subject's key, redacted copies for projections), the keys, the phone blind index, the
// clock. Plain classes, no framework (ESLint): PetitionStorageModule in @wenzheng/command-runner
// provides them to the applications.
export * from './clock';
export * from './subject-key-store';
export * from './phone-blind-index';
export * from './petition-event-codec';
export * from './consultation-event-codec';
export * from './interview-event-codec';
export * from './survey-event-codec';
