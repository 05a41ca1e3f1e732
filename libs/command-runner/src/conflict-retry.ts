/**
 * Optimistic concurrency on one stream: a writer that loses the race decides again on the new head.
 * Every round lets at least one writer through, so the number of attempts bounds how many truly
 * concurrent writers on one stream all succeed (a busy case's comments, a petition's many readers
 * turning into writers). 8 attempts with a 5 ms linear jitter let 2 of 20 concurrent comments fail
 * on a loaded 2-core machine; 32 attempts with capped exponential full jitter spread the rounds.
 */
export const CONFLICT_ATTEMPTS = 32;

/** Full-jitter exponential backoff, capped at 100 ms, before attempt `attempt + 1`. */
export function conflictBackoff(attempt: number): Promise<void> {
  const ceilingMs = Math.min(100, 2 ** Math.min(attempt, 7));
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceilingMs));
}
