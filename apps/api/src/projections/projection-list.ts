import type { Projection } from '@wenzheng/projector';

/** Every read model the projector maintains. */
export const PROJECTIONS: Projection[] = [];
