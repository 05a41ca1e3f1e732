import type { PetitionStep } from '../api/types';

/**
 * What the signed-in department is in a case, read from the staff view's steps the way the decider
 * folds the events (libs/petition state.ts: assisting, passedDownTo, holderOf), so that a screen
 * offers only the commands the API would take from it.
 */
export interface CasePart {
  /** The lead department (主办): it signs for, answers the citizen and names the handler (承办人). */
  readonly lead: boolean;
  /** 协办: assisting and its contribution to the lead not given yet, due by contributeBy. */
  readonly owesAssistance?: { readonly contributeBy: string; readonly leadDepartmentId?: string };
  /** The department working the case now: the last unit it was passed down to (下派), else the lead. */
  readonly holder: boolean;
  /** Holding a case passed down to it: it answers up (the lead answers the citizen). */
  readonly passedDownHere: boolean;
}

/** Steps as far as they matter here (the dispatch's assisting departments are on its step for staff). */
type Step = Pick<PetitionStep, 'step' | 'departmentId'> & {
  readonly assisting?: readonly { readonly departmentId: string; readonly contributeBy: string }[];
};

export function partInCase(
  steps: readonly Step[] | undefined,
  leadDepartmentId: string | undefined,
  departmentId: string | undefined,
): CasePart {
  let owed = new Map<string, string>();
  let chain: string[] = [];
  for (const s of steps ?? []) {
    if (s.step === 'dispatched') {
      // A (re-)dispatch starts the co-handling afresh.
      owed = new Map((s.assisting ?? []).map((a) => [a.departmentId, a.contributeBy]));
      chain = [];
    } else if (s.step === 'returned') {
      owed = new Map();
      chain = [];
    } else if (s.step === 'assistance_provided' && s.departmentId) owed.delete(s.departmentId);
    else if (s.step === 'passed_down' && s.departmentId) chain.push(s.departmentId);
    else if (s.step === 'answered_up') chain.pop();
  }
  const holder = chain.at(-1) ?? leadDepartmentId;
  const mine = departmentId !== undefined;
  const contributeBy = mine ? owed.get(departmentId) : undefined;
  return {
    lead: mine && departmentId === leadDepartmentId,
    ...(contributeBy !== undefined && { owesAssistance: { contributeBy, leadDepartmentId } }),
    holder: mine && departmentId === holder,
    passedDownHere: mine && chain.length > 0 && departmentId === holder,
  };
}

/** 下派 goes down only: the units anywhere under a department in the tree (parentId), nearest first. */
export function unitsUnder<D extends { id: string; parentId?: string | null; active?: boolean }>(
  departments: readonly D[],
  rootId: string,
): D[] {
  const found: D[] = [];
  let level = [rootId];
  const seen = new Set(level);
  while (level.length > 0) {
    const next = departments.filter((d) => d.parentId && level.includes(d.parentId) && !seen.has(d.id));
    for (const d of next) seen.add(d.id);
    found.push(...next);
    level = next.map((d) => d.id);
  }
  return found.filter((d) => d.active !== false);
}
