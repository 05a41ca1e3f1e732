// How petition events are stored: the codec (sealing personal data with the subject's key, redacted
// copies for projections), the keys, the phone blind index, the clock, and the Nest module that
// provides them. Shared by the API, the worker, the projector and the bench.
export * from './clock';
export * from './subject-key-store';
export * from './phone-blind-index';
export * from './petition-event-codec';
export * from './petition-storage.module';
export * from './consultation-event-codec';
export * from './interview-event-codec';
export * from './survey-event-codec';
