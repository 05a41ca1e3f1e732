/** Statuses of a case still being handled: an answer shown with one of them is the one before a reopen. */
const HANDLING = ['accepted', 'dispatched', 'in_progress', 'returned'];

interface StepOf {
  step: string;
  at: string;
  reason?: string;
}

/** 重办: when and (for its submitter) why the case was reopened after its answer. */
export interface Reopen {
  at?: string;
  reason?: string;
}

/**
 * A case reopened (重办) and not answered again: its answer is the earlier one (原答复), to be marked
 * so. The steps tell when (and, to the submitter, why); a listing item has no steps, so its status
 * and answer alone tell it: only a reopen puts an answered case back into handling.
 */
export function reopenedSince(p: { status: string; answer?: string | null; steps?: readonly StepOf[] | null }): Reopen | undefined {
  if (!p.answer || !HANDLING.includes(p.status)) return undefined;
  const steps = p.steps ?? [];
  const reopen = [...steps].reverse().find((s) => s.step === 'reopened');
  if (!reopen) return {};
  return { at: reopen.at, ...(reopen.reason ? { reason: reopen.reason } : {}) };
}
