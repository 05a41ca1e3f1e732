import { useEffect, useState } from 'react';

/**
 * Whether `until` has passed by the reader's clock; the page turns when it passes while open. A closed
 * rating window is the decider's rating_window_closed (now after rateBy), and the API's rateBy is its instant:
 * the console's 回访 form and the public site's rating form both stop offering a submit bound to fail.
 */
export function usePassed(until: string | undefined): boolean {
  const at = until === undefined ? NaN : Date.parse(until);
  const [, turn] = useState(0);
  const passed = Number.isFinite(at) && Date.now() > at;
  useEffect(() => {
    if (!Number.isFinite(at) || passed) return;
    // setTimeout holds at most 2^31-1 ms; an earlier wake-up only renders again.
    const timer = setTimeout(() => turn((n) => n + 1), Math.min(at - Date.now() + 1, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [at, passed]);
  return passed;
}
