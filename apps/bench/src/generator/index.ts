export { Random } from './random';
export {
  CaseOverrides, DEFAULT_GENERATOR, GeneratedCase, GeneratedStep, GeneratorOptions, caseId, generateCase,
} from './lifecycle';
