export { Random } from './random';
export {
  CaseOverrides,
  DEFAULT_GENERATOR,
  GeneratedCase,
  GeneratedStep,
  GeneratorOptions,
  StampedEvent,
  caseId,
  generateCase,
} from './lifecycle';
export { Encoder, plain, storedEvents } from './stored';
