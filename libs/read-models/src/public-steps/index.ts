export { PUBLIC_STEPS, applyToStepCase, emptyStepCase } from './public-steps.fold';
export type { PublicStepKind, StepRow } from './public-steps.fold';
export { PUBLIC_STEPS_TABLE, PUBLIC_STEP_CASES, publicStepsProjection, readPublicSteps } from './public-steps.projection';
export type { PublicStepRecord } from './public-steps.projection';
