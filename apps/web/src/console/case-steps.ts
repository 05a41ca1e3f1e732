import type { PetitionStep } from '../api/types';

/** Departments that returned the case (退单), from its steps: the decider refuses to dispatch it to them again. */
export function returningDepartments(steps: readonly PetitionStep[] = []): Set<string> {
  return new Set(steps.filter((s) => s.step === 'returned' && s.departmentId).map((s) => s.departmentId as string));
}

export interface HiddenParts {
  case: boolean;
  answer: boolean;
  comments: string[];
}

/** What moderation hides from the public now: the moderated steps replayed in order (the last word on each part wins). */
export function hiddenParts(steps: readonly PetitionStep[] = []): HiddenParts {
  const hidden: HiddenParts = { case: false, answer: false, comments: [] };
  for (const s of steps) {
    if (s.step !== 'moderated') continue;
    const hide = s.action === 'hide';
    if (s.target === 'case' || s.target === 'answer') hidden[s.target] = hide;
    if (s.target === 'comment' && s.commentId) {
      hidden.comments = hidden.comments.filter((c) => c !== s.commentId);
      if (hide) hidden.comments.push(s.commentId);
    }
  }
  return hidden;
}
