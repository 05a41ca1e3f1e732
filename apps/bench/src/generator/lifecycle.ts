import { createHash } from 'node:crypto';
import { WorkingDayCalendar, addLocalDays, localDate, startOfLocalDay } from '@wenzheng/calendar';
import {
  Actor,
  AddresseeType,
  Channel,
  CommandContext,
  PetitionCommand,
  PetitionEvent,
  PetitionKind,
  PetitionState,
  PolicySet,
  PetitionDomainError,
  Satisfaction,
  decide,
  defaultPolicies,
  evolve,
  hasAnswer,
  initialState,
  isPublic,
  newTrackingCode,
  reviewDueBy,
  streamName,
  supplyInformationDueBy,
} from '@wenzheng/petition';
import { categories, departmentIdByCode, departments } from '@wenzheng/reference-data';
import type { DepartmentCode } from '@wenzheng/reference-data';
import { Random } from './random';
import {
  COMMENTS,
  DUPLICATE_REASON,
  ESCALATION_REASONS,
  EXTENSION_REASONS,
  EXTENSION_REFUSALS,
  ASSISTANCE_NOTES,
  INFORMATION_QUESTIONS,
  INFORMATION_SUPPLIED,
  INTERIM_REPLIES,
  PASS_DOWN_ANSWERS,
  MODERATION_REASONS,
  MODERATION_RESTORE_REASONS,
  REJECT_REASONS,
  REOPEN_REASONS,
  RATING_COMMENTS,
  RETURN_REASONS,
  WITHDRAW_REASONS,
  answerText,
  chineseName,
  locationOf,
  areaCodeOf,
  mobilePhone,
  petitionText,
  placeFor,
  pseudonym,
  residentIdNumber,
} from './texts';

// Each case is lived through by the real decider: every command goes through `decide` with the
// context the API would give it (actor, now, policies, the official working-day calendar), and the
// events it returns are folded with `evolve` before the next command is chosen. A generated stream
// is therefore one the system could have written. Ids and metadata are drawn here; the stored form
// (personal data sealed by the codec, the integrity hash over it) is made by storedEvents.

/** As PetitionCommandRunner stamps it (EVENT_SCHEMA_VERSION). */
const SCHEMA_VERSION = 1;

export interface GeneratorOptions {
  /** Same seed, same cases. */
  readonly seed: string;
  /** Submissions fall in this calendar year (Asia/Shanghai). */
  readonly year: number;
  /** Nothing after this instant is generated (the data set as it stands then). Default: the end of the year. */
  readonly horizon?: Date;
}

export const DEFAULT_GENERATOR: GeneratorOptions = { seed: 'wenzheng', year: 2025 };

/** An event as the command runner stamps it, before the codec and the hash (see storedEvents). */
export interface StampedEvent {
  readonly id: string;
  readonly event: PetitionEvent;
  /** Everything but the hash, which covers the stored form. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

export interface GeneratedStep {
  readonly command: PetitionCommand;
  /** What decide returned for the command. */
  readonly produced: readonly PetitionEvent[];
  /** The same events with their ids and metadata. */
  readonly events: readonly StampedEvent[];
}

export interface GeneratedCase {
  readonly index: number;
  readonly petitionId: string;
  readonly streamId: string;
  readonly steps: readonly GeneratedStep[];
  readonly state: PetitionState;
}

export interface CaseOverrides {
  /** Submit at this instant instead of a time drawn over the year. */
  readonly submittedAt?: Date;
  /** Stop once the case is with a department (for command benchmarks that act on open cases). */
  readonly until?: 'dispatched';
  /** Dispatch to this department (and never return it). */
  readonly departmentId?: string;
}

const calendar = WorkingDayCalendar.official();
const policies: PolicySet = defaultPolicies();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SYSTEM: Actor = { id: 'system', role: 'system' };

export const CHANNELS: ReadonlyArray<readonly [Channel, number]> = [
  ['hotline_12345', 46],
  ['wechat', 21],
  ['web', 17],
  ['app', 11],
  ['weibo', 3],
  ['email', 2],
];
export const KINDS: ReadonlyArray<readonly [PetitionKind, number]> = [
  ['complaint', 40],
  ['consultation', 24],
  ['help', 15],
  ['suggestion', 10],
  ['report', 8],
  ['praise', 3],
];
const ADDRESSEES: ReadonlyArray<readonly [AddresseeType, number]> = [
  ['general', 48],
  ['mayor', 30],
  ['department', 18],
  ['secretary', 4],
];
export const CATEGORY_WEIGHTS: Readonly<Record<string, number>> = {
  csgl: 16,
  gsgd: 8,
  jy: 6,
  ylws: 5,
  jtcx: 10,
  zfbz: 7,
  hjbh: 8,
  ldsb: 8,
  scjg: 9,
  gaza: 6,
  mzjz: 3,
  ghjs: 3,
  wygl: 8,
  nync: 2,
  qt: 4,
};
/** Hour of submission: the hotline answers day and night, most calls come in office hours. */
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.3, 0.3, 0.6, 1.5, 3, 6, 9, 9, 8, 5, 6, 8, 8, 7, 6, 5, 5, 5, 4, 3, 2];

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** The id of case `index`: computable without generating the case (duplicates point at earlier ones). */
export function caseId(index: number, options: GeneratorOptions = DEFAULT_GENERATOR): string {
  return new Random('wz-case-id', options.seed, index).uuid();
}

/** How diligent each department is: fixed by the seed, so assessment reports rank them apart. */
interface DepartmentProfile {
  readonly lateAcknowledge: number;
  readonly lateResponse: number;
  readonly returns: number;
  readonly extensions: number;
  readonly satisfaction: number;
}

const profiles = new Map<string, DepartmentProfile>();
function profileOf(seed: string, departmentId: string): DepartmentProfile {
  const key = `${seed}/${departmentId}`;
  let p = profiles.get(key);
  if (!p) {
    const r = new Random('wz-department', seed, departmentId);
    p = {
      lateAcknowledge: r.between(0.02, 0.16),
      lateResponse: r.between(0.03, 0.2),
      returns: r.between(0.01, 0.05),
      extensions: r.between(0.03, 0.08),
      satisfaction: r.between(-0.08, 0.08),
    };
    profiles.set(key, p);
  }
  return p;
}

const departmentCodes = new Map(departments.map((d) => [d.id, d.code]));
const categoryByCode = new Map(categories.map((c) => [c.code, c]));

/** Minutes after local midnight, on the local date of `date`. */
const at = (date: string, minutes: number): Date => new Date(startOfLocalDay(date).getTime() + minutes * MINUTE);
const minutesOfDay = (t: Date): number => Math.floor((t.getTime() - startOfLocalDay(localDate(t)).getTime()) / MINUTE);

/** Handlers work 8:30-17:30 on working days: the first such moment at or after t (plus a little). */
function officeTime(t: Date, r: Random): Date {
  let date = localDate(t);
  const m = minutesOfDay(t);
  if (calendar.isWorkingDay(date) && m >= 510 && m < 1050) return t;
  if (!calendar.isWorkingDay(date) || m >= 1050) {
    do date = addLocalDays(date, 1);
    while (!calendar.isWorkingDay(date));
  }
  return at(date, 510 + r.int(0, 150));
}

/** Who enters a 12345 call (no draw: a seed gives the cases it always gave). */
const HOTLINE_OPERATOR: Actor = { id: 'reviewer-12345', role: 'reviewer' };

/** The hotline office (值班员) reviews and dispatches 8:00-21:00 every day. */
function hotlineTime(t: Date, r: Random): Date {
  const m = minutesOfDay(t);
  if (m >= 480 && m < 1260) return t;
  const date = m >= 1260 ? addLocalDays(localDate(t), 1) : localDate(t);
  return at(date, 480 + r.int(0, 90));
}

/** The scheduler notices a passed deadline a few minutes after it. */
const schedulerTime = (deadline: string, r: Random): Date => new Date(Date.parse(deadline) + r.int(3, 30) * MINUTE);

function submissionTime(year: number, r: Random): Date {
  const first = `${year}-01-01`;
  const daysInYear = (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY;
  for (;;) {
    const date = addLocalDays(first, r.int(0, daysInYear - 1));
    // Fewer calls on days off (and far fewer over the Spring Festival).
    const info = calendar.dayInfo(date);
    const weight = info.workingDay ? 1 : info.name === '春节' ? 0.3 : 0.6;
    if (!r.chance(weight)) continue;
    const hour = r.weighted(HOUR_WEIGHTS.map((w, h) => [h, w] as const));
    return at(date, hour * 60 + r.int(0, 59));
  }
}

class Stop extends Error {}

/** Runs commands through the decider in time order, keeping the stored form and the hash chain. */
class CaseRecorder {
  state: PetitionState = initialState();
  readonly steps: GeneratedStep[] = [];
  private lastAtMs = 0;

  constructor(
    readonly petitionId: string,
    private readonly r: Random,
    private readonly horizon: number,
    /** Draws for the rare acts (interim reply, withdrawal, moderation), apart from r so that cases without them stay as they were. */
    readonly rare: Random,
  ) {}

  /** When the last act happened. */
  get lastAt(): Date {
    return new Date(this.lastAtMs);
  }

  /** Decides the command at `now`; past the horizon the case stops where it stands. */
  act(now: Date, actor: Actor, build: (context: CommandContext) => PetitionCommand): PetitionEvent[] {
    if (now.getTime() > this.horizon) throw new Stop();
    if (now.getTime() < this.lastAtMs) throw new Error(`generator bug: ${this.petitionId} goes back in time at ${now.toISOString()}`);
    this.lastAtMs = now.getTime();
    const context: CommandContext = { now, actor, policies, calendar };
    const command = build(context);
    const produced = decide(command, this.state);
    if (produced.length === 0) return produced;
    const commandId = this.r.uuid();
    const events: StampedEvent[] = [];
    for (const e of produced) {
      const id = this.r.uuid();
      const metadata = {
        eventId: id,
        commandId,
        correlationId: commandId,
        causationId: commandId,
        actor: { id: actor.id, role: actor.role, ...(actor.departmentId ? { departmentId: actor.departmentId } : {}) },
        occurredAt: now.toISOString(),
        schemaVersion: SCHEMA_VERSION,
      };
      events.push({ id, event: e, metadata });
      this.state = evolve(this.state, e);
    }
    this.steps.push({ command, produced, events });
    return produced;
  }
}

interface Actors {
  readonly citizen: Actor;
  reviewer(): Actor;
  handler(departmentId: string): Actor;
  supervisor(): Actor;
}

/** One case, its whole life until the horizon. Pure: the same (index, options) gives the same case. */
export function generateCase(index: number, options: GeneratorOptions = DEFAULT_GENERATOR, overrides: CaseOverrides = {}): GeneratedCase {
  const r = new Random('wz-case', options.seed, index);
  const petitionId = caseId(index, options);
  const horizon = (options.horizon ?? startOfLocalDay(`${options.year + 1}-01-01`)).getTime();
  const rec = new CaseRecorder(petitionId, r, horizon, new Random('wz-case-rare', options.seed, index));
  try {
    live(index, petitionId, r, rec, options, overrides);
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  return { index, petitionId, streamId: streamName(petitionId), steps: rec.steps, state: rec.state };
}

function live(index: number, petitionId: string, r: Random, rec: CaseRecorder, options: GeneratorOptions, overrides: CaseOverrides): void {
  const kind = r.weighted(KINDS);
  const categoryCode = kind === 'praise' ? 'qt' : r.weighted(Object.entries(CATEGORY_WEIGHTS));
  const category = categoryByCode.get(categoryCode);
  if (!category) throw new Error(`unknown category ${categoryCode}`);
  const place = placeFor(r);
  const text = petitionText(categoryCode, place, r);
  const addresseeType = r.weighted(ADDRESSEES);
  const userId = r.chance(0.25) ? `citizen-${sha256Hex(`${options.seed}/${index}`).slice(0, 12)}` : undefined;
  const accessKey = Buffer.from(sha256Hex(`access/${options.seed}/${index}`), 'hex')
    .toString('base64url')
    .slice(0, 24);
  const citizen: Actor = { id: userId ?? 'anonymous', role: 'citizen' };
  const actors: Actors = {
    citizen,
    reviewer: () => ({ id: `reviewer-${r.int(1, 12)}`, role: 'reviewer' }),
    handler: (departmentId) => ({
      id: `handler-${departmentCodes.get(departmentId) ?? 'x'}-${r.int(1, 4)}`,
      role: 'handler',
      departmentId,
    }),
    supervisor: () => ({ id: `supervisor-${r.int(1, 4)}`, role: 'supervisor' }),
  };
  const publicConsent = r.chance(0.72);

  // 1. Submission (提交).
  const submittedAt = overrides.submittedAt ?? submissionTime(options.year, r);
  const trackingCode = newTrackingCode(localDate(submittedAt), (n) => r.int(0, n - 1));
  // Drawn where the command drew it before (first inside it), so a seed gives the cases it always gave.
  const channel = r.weighted(CHANNELS);
  // A 12345 call is entered by the hotline office (the decider takes it from no one else).
  rec.act(submittedAt, channel === 'hotline_12345' ? HOTLINE_OPERATOR : citizen, (context) => ({
    type: 'SubmitPetition',
    data: {
      petitionId,
      trackingCode,
      channel,
      kind,
      addressee:
        addresseeType === 'department' ? { type: 'department', departmentId: category.defaultDepartmentId } : { type: addresseeType },
      title: text.title,
      content: text.content,
      ...(r.chance(0.8) && { location: locationOf(place), districtCode: areaCodeOf(place) }),
      citizen: {
        name: chineseName(r),
        phone: mobilePhone(r),
        ...(r.chance(0.15) && { idNumber: residentIdNumber(r) }),
        ...(r.chance(0.05) && { email: `user${r.digits(6)}@example.com` }),
      },
      publicConsent,
      submitter: { ...(userId && { userId }), accessKeyHash: createHash('sha256').update(accessKey).digest('hex') },
    },
    context,
  }));

  // 2. Review (审核): rejected and duplicates close here.
  let reviewedAt = hotlineTime(new Date(submittedAt.getTime() + r.int(5, 180) * MINUTE), r);
  // Now and then the office reviews after its own deadline: the review records its red light.
  if (!overrides.until && rec.rare.chance(0.03)) {
    const due = reviewDueBy(submittedAt, calendar, policies[kind]);
    reviewedAt = hotlineTime(new Date(Math.max(reviewedAt.getTime(), due.getTime() + rec.rare.int(10, 600) * MINUTE)), rec.rare);
  }
  const outcome = overrides.until
    ? 'accepted'
    : r.weighted([
        ['accepted', 93],
        ['rejected', 4],
        ['duplicate', index > 0 ? 3 : 0],
      ] as const);
  rec.act(reviewedAt, actors.reviewer(), (context) => ({
    type: 'ReviewPetition',
    data: {
      petitionId,
      outcome,
      ...(outcome === 'rejected' && { reason: r.pick(REJECT_REASONS) }),
      ...(outcome === 'duplicate' && {
        reason: DUPLICATE_REASON,
        duplicateOf: caseId(index - 1 - r.int(0, Math.min(index - 1, 200)), options),
      }),
      ...(outcome === 'accepted' && { categoryId: category.id, confidential: r.chance(0.02) }),
    },
    context,
  }));
  if (outcome !== 'accepted') return;

  // 3. Dispatch (交办): to the addressed department, the category's usual one, or the district.
  const district = departmentIdByCode(place.districtCode as DepartmentCode);
  const departmentId =
    overrides.departmentId ??
    (addresseeType === 'department' ? category.defaultDepartmentId : r.chance(0.7) ? category.defaultDepartmentId : district);
  let dispatchedAt = new Date(reviewedAt.getTime() + r.int(2, 30) * MINUTE);
  // 主办/协办: some cases need a second department's contribution (the district for a city bureau's case, or the reverse).
  const assisting =
    !overrides.until && rec.rare.chance(0.05) ? (departmentId === district ? category.defaultDepartmentId : district) : undefined;
  rec.act(dispatchedAt, actors.reviewer(), (context) => ({
    type: 'DispatchPetition',
    data: { petitionId, departmentId, ...(assisting && assisting !== departmentId && { assistingDepartmentIds: [assisting] }) },
    context,
  }));
  if (overrides.until === 'dispatched') return;

  // 4. The department signs for it, or returns it (退单) and the hotline dispatches it elsewhere.
  let department = departmentId;
  let profile = profileOf(options.seed, department);
  if (!overrides.departmentId && r.chance(profile.returns)) {
    const returnedAt = acknowledgeOrLate(rec, r, dispatchedAt, profile);
    rec.act(returnedAt, actors.handler(department), (context) => ({
      type: 'ReturnPetition',
      data: { petitionId, reason: r.pick(RETURN_REASONS) },
      context,
    }));
    const next = department === district ? departmentIdByCode('szfb') : district;
    dispatchedAt = hotlineTime(new Date(returnedAt.getTime() + r.int(10, 240) * MINUTE), r);
    rec.act(dispatchedAt, actors.reviewer(), (context) => ({
      type: 'DispatchPetition',
      data: { petitionId, departmentId: next, note: '原承办单位退回，改派' },
      context,
    }));
    department = next;
    profile = profileOf(options.seed, department);
  }
  const acknowledgedAt = acknowledgeOrLate(rec, r, dispatchedAt, profile);
  rec.act(acknowledgedAt, actors.handler(department), (context) => ({ type: 'AcknowledgePetition', data: { petitionId }, context }));
  // 承办人: the department names the staff member who handles it.
  let startedAt = acknowledgedAt;
  if (rec.rare.chance(0.1)) {
    const handler = actors.handler(department);
    startedAt = new Date(acknowledgedAt.getTime() + rec.rare.int(1, 90) * MINUTE);
    rec.act(startedAt, handler, (context) => ({
      type: 'AssignHandler',
      data: { petitionId, handlerId: handler.id, handlerName: chineseName(rec.rare) },
      context,
    }));
  }

  // 5. Handling until the answer (or a withdrawal), then the citizen's rating; an unsatisfied rating may be reopened once.
  for (let round = 0; ; round++) {
    const respondedAt = handle(rec, r, actors, petitionId, department, profile, startedAt, dispatchedAt, publicConsent, round, district);
    const reopenedAt = respondedAt && rate(rec, r, actors, petitionId, respondedAt, profile);
    if (!reopenedAt) break;
    startedAt = reopenedAt;
  }

  // 6. Now and then the published answer or a comment is taken off the public pages, and sometimes put back.
  moderate(rec, actors, petitionId);
}

/** 内容管理 on a closed, published case: a moderator hides its answer or a comment after a complaint about it. */
function moderate(rec: CaseRecorder, actors: Actors, petitionId: string): void {
  const x = rec.rare;
  if (!x.chance(0.02) || !isPublic(rec.state)) return;
  // A comment's id is its event's id, as the public page shows it.
  const commentIds = rec.steps.flatMap((s) => s.events.filter((e) => e.event.type === 'PetitionCommented').map((e) => e.id));
  const target =
    commentIds.length > 0 && (!hasAnswer(rec.state) || x.chance(0.5)) ? 'comment' : hasAnswer(rec.state) ? 'answer' : undefined;
  if (!target) return;
  const commentId = target === 'comment' ? x.pick(commentIds) : undefined;
  const moderator = (): Actor => (x.chance(0.7) ? actors.reviewer() : actors.supervisor());
  const hiddenAt = officeTime(new Date(rec.lastAt.getTime() + x.int(2, 20 * 24) * HOUR), x);
  rec.act(hiddenAt, moderator(), (context) => ({
    type: 'ModeratePublication',
    data: { petitionId, target, ...(commentId && { commentId }), action: 'hide', reason: x.pick(MODERATION_REASONS[target]) },
    context,
  }));
  if (!x.chance(0.3)) return;
  const restoredAt = officeTime(new Date(hiddenAt.getTime() + x.int(1, 5) * DAY), x);
  rec.act(restoredAt, actors.supervisor(), (context) => ({
    type: 'ModeratePublication',
    data: { petitionId, target, ...(commentId && { commentId }), action: 'restore', reason: x.pick(MODERATION_RESTORE_REASONS) },
    context,
  }));
}

/**
 * When the department acts on a dispatched case (signs for it or returns it): in office hours,
 * usually before acknowledgeBy; when not, the scheduler first records the missed deadline (亮红灯).
 */
function acknowledgeOrLate(rec: CaseRecorder, r: Random, dispatchedAt: Date, profile: DepartmentProfile): Date {
  const state = rec.state;
  if (state.status !== 'dispatched') throw new Error(`generator bug: expected dispatched, got ${state.status}`);
  const acknowledgeBy = state.acknowledgeBy;
  let when = officeTime(new Date(dispatchedAt.getTime() + r.int(15, 16 * 60) * MINUTE), r);
  if (r.chance(profile.lateAcknowledge)) when = officeTime(new Date(Date.parse(acknowledgeBy) + r.int(60, 40 * 60) * MINUTE), r);
  if (when.getTime() > Date.parse(acknowledgeBy)) {
    rec.act(schedulerTime(acknowledgeBy, r), SYSTEM, (context) => ({
      type: 'MarkDeadlineMissed',
      data: { petitionId: state.petitionId, deadline: 'acknowledgement' },
      context,
    }));
  }
  return when;
}

interface Planned {
  readonly at: Date;
  readonly actor: Actor;
  readonly build: (context: CommandContext) => PetitionCommand;
  /** A rare act the draws did not check against every turn of the case: skipped when the decider refuses it. */
  readonly optional?: boolean;
}

function play(rec: CaseRecorder, p: Planned): void {
  try {
    rec.act(p.at, p.actor, p.build);
  } catch (e) {
    if (!(p.optional && e instanceof PetitionDomainError)) throw e;
  }
}

/**
 * From signing (or a reopen) to the answer: extension, red light, escalation, comments, an interim
 * reply. Returns the answer's time, or undefined when the citizen withdrew the case before it.
 */
function handle(
  rec: CaseRecorder,
  r: Random,
  actors: Actors,
  petitionId: string,
  department: string,
  profile: DepartmentProfile,
  startedAt: Date,
  dispatchedAt: Date,
  publicConsent: boolean,
  round: number,
  district: string,
): Date | undefined {
  const state = rec.state;
  if (state.status !== 'in_progress') throw new Error(`generator bug: expected in_progress, got ${state.status}`);
  let respondBy = state.respondBy;
  const confidential = state.confidential;
  const categoryCode = categories.find((c) => c.id === state.categoryId)?.code ?? 'qt';
  let earliest = startedAt;

  // 延期: requested no later than the working day before respondBy, decided by a supervisor.
  if (r.chance(round === 0 ? profile.extensions : profile.extensions / 3)) {
    const lastDay = calendar.previousWorkingDay(localDate(new Date(respondBy)));
    const firstDay = localDate(startedAt);
    if (firstDay <= lastDay) {
      const span = calendar.workingDaysBetween(startOfLocalDay(firstDay), startOfLocalDay(lastDay));
      const day = calendar.dueDate(firstDay, r.int(0, span));
      const requestedAt = officeTime(new Date(Math.max(at(day, 540 + r.int(0, 480)).getTime(), startedAt.getTime() + 10 * MINUTE)), r);
      if (localDate(requestedAt) <= lastDay) {
        const requestedRespondBy = calendar.addWorkingDays(new Date(respondBy), r.int(3, 10));
        rec.act(requestedAt, actors.handler(department), (context) => ({
          type: 'RequestExtension',
          data: { petitionId, reason: r.pick(EXTENSION_REASONS), requestedRespondBy },
          context,
        }));
        let decidedAt = officeTime(new Date(requestedAt.getTime() + r.int(60, 20 * 60) * MINUTE), r);
        if (decidedAt.getTime() > Date.parse(respondBy) - 30 * MINUTE)
          decidedAt = new Date(Date.parse(respondBy) - r.int(60, 300) * MINUTE);
        const approved = r.chance(0.8);
        rec.act(decidedAt, actors.supervisor(), (context) => ({
          type: 'DecideExtension',
          data: approved ? { petitionId, approved: true } : { petitionId, approved: false, reason: r.pick(EXTENSION_REFUSALS) },
          context,
        }));
        if (approved) respondBy = requestedRespondBy.toISOString();
        earliest = decidedAt;
      }
    }
  }

  // 答复: on time (often close to the deadline), or late by some working days.
  const due = Date.parse(respondBy);
  let respondedAt: Date;
  if (r.chance(profile.lateResponse)) {
    const late = r.weighted([
      [1, 40],
      [2, 25],
      [3, 15],
      [4, 8],
      [5, 5],
      [6, 3],
      [8, 2],
      [12, 2],
    ] as const);
    respondedAt = officeTime(at(calendar.dueDate(localDate(new Date(due)), late), 0), r);
  } else {
    const u = r.next();
    const t = earliest.getTime() + (due - earliest.getTime()) * (1 - (1 - u) * (1 - u));
    respondedAt = officeTime(new Date(t), r);
    if (respondedAt.getTime() > due) respondedAt = officeTime(at(localDate(new Date(due)), 510 + r.int(0, 480)), r);
  }
  if (respondedAt.getTime() <= earliest.getTime() + 30 * MINUTE)
    respondedAt = officeTime(new Date(earliest.getTime() + r.int(30, 300) * MINUTE), r);

  const plan: Planned[] = [];
  if (respondedAt.getTime() > due) {
    plan.push({
      at: schedulerTime(respondBy, r),
      actor: SYSTEM,
      build: (context) => ({ type: 'MarkDeadlineMissed', data: { petitionId, deadline: 'response' }, context }),
    });
    // 督办: automatic once more than escalateAfterOverdueWorkingDays (3) working days overdue.
    const fourth = calendar.dueDate(localDate(new Date(due)), policies[state.kind].escalateAfterOverdueWorkingDays + 1);
    const escalateAt = at(fourth, r.int(10, 60));
    if (escalateAt.getTime() < respondedAt.getTime())
      plan.push({ at: escalateAt, actor: SYSTEM, build: (context) => ({ type: 'EscalatePetition', data: { petitionId }, context }) });
  }
  if (r.chance(0.015)) {
    const t = officeTime(new Date(earliest.getTime() + r.int(2, 72) * HOUR), r);
    if (t.getTime() < respondedAt.getTime() - HOUR) {
      plan.push({
        at: t,
        actor: actors.supervisor(),
        build: (context) => ({ type: 'EscalatePetition', data: { petitionId, reason: r.pick(ESCALATION_REASONS) }, context }),
      });
    }
  }
  if (publicConsent && !confidential && round === 0 && r.chance(0.08)) {
    for (let i = r.int(1, 3); i > 0; i--) {
      const t = new Date(dispatchedAt.getTime() + r.next() * (respondedAt.getTime() - dispatchedAt.getTime()));
      if (t.getTime() > earliest.getTime() && t.getTime() < respondedAt.getTime()) {
        plan.push({
          at: t,
          actor: { id: 'anonymous', role: 'citizen' },
          build: (context) => ({ type: 'CommentOnPetition', data: { petitionId, text: r.pick(COMMENTS), author: pseudonym(r) }, context }),
        });
      }
    }
  }
  // 阶段性答复: the department tells the citizen where the case stands, a few days in.
  const x = rec.rare;
  if (x.chance(0.1)) {
    const t = officeTime(new Date(earliest.getTime() + x.int(1, 6) * DAY), x);
    if (t.getTime() < respondedAt.getTime() - HOUR) {
      plan.push({
        at: t,
        actor: actors.handler(department),
        build: (context) => ({ type: 'ReplyInterim', data: { petitionId, text: x.pick(INTERIM_REPLIES) }, context }),
      });
    }
  }
  if (round === 0)
    plan.push(...richerHandling(rec, actors, petitionId, department, earliest, respondedAt, respondedAt.getTime() <= due, district));
  plan.sort((a, b) => a.at.getTime() - b.at.getTime());
  // 撤回: the citizen withdraws the case before the answer (online, at any hour); nothing planned after it happens.
  if (round === 0 && x.chance(0.02)) {
    const withdrawnAt = new Date(earliest.getTime() + x.between(0.05, 0.95) * (respondedAt.getTime() - earliest.getTime()));
    for (const p of plan) if (p.at.getTime() < withdrawnAt.getTime()) play(rec, p);
    const proof = state.submitter.userId ? { userId: state.submitter.userId } : { accessKeyHash: state.submitter.accessKeyHash };
    rec.act(withdrawnAt, proof.userId ? { id: proof.userId, role: 'citizen' } : actors.citizen, (context) => ({
      type: 'WithdrawPetition',
      data: { petitionId, proof, ...(x.chance(0.7) && { reason: x.pick(WITHDRAW_REASONS) }) },
      context,
    }));
    return undefined;
  }
  for (const p of plan) play(rec, p);
  rec.act(respondedAt, actors.handler(department), (context) => ({
    type: 'RespondToPetition',
    data: { petitionId, answer: answerText(categoryCode, r) },
    context,
  }));
  return respondedAt;
}

/**
 * The rarer steps of handling, all before the answer: the assisting department's contribution (协办),
 * 下派 to the district and its answer up, and 补充材料 (asked, then supplied or lapsed). A request
 * for information pauses the response clock, so it is only drawn for an answer on time, and only
 * when its end (supplied, or lapsed and noticed by the watcher) comes before the answer.
 */
function richerHandling(
  rec: CaseRecorder,
  actors: Actors,
  petitionId: string,
  department: string,
  earliest: Date,
  respondedAt: Date,
  onTime: boolean,
  district: string,
): Planned[] {
  const x = rec.rare;
  const state = rec.state;
  if (state.status !== 'in_progress') return [];
  const plan: Planned[] = [];
  const before = (t: Date) => t.getTime() > earliest.getTime() && t.getTime() < respondedAt.getTime() - HOUR;
  for (const a of state.assisting ?? []) {
    if (a.providedAt !== undefined) continue;
    const t = officeTime(new Date(Math.max(earliest.getTime() + 5 * MINUTE, Date.parse(a.contributeBy) - x.int(-48, 96) * HOUR)), x);
    if (before(t)) {
      plan.push({
        at: t,
        actor: actors.handler(a.departmentId),
        optional: true,
        build: (context) => ({ type: 'ProvideAssistance', data: { petitionId, text: x.pick(ASSISTANCE_NOTES) }, context }),
      });
    }
  }
  if (district !== department && x.chance(0.06)) {
    const down = officeTime(new Date(earliest.getTime() + x.int(1, 24) * HOUR), x);
    const up = officeTime(new Date(down.getTime() + x.int(4, 72) * HOUR), x);
    if (before(down) && before(up)) {
      plan.push(
        {
          at: down,
          actor: actors.handler(department),
          optional: true,
          build: (context) => ({ type: 'PassDownPetition', data: { petitionId, departmentId: district, ancestry: [department] }, context }),
        },
        {
          at: up,
          actor: actors.handler(district),
          optional: true,
          build: (context) => ({ type: 'AnswerUp', data: { petitionId, text: x.pick(PASS_DOWN_ANSWERS) }, context }),
        },
      );
    }
  }
  if (onTime && x.chance(0.08)) {
    const asked = officeTime(new Date(earliest.getTime() + x.int(2, 48) * HOUR), x);
    const supplyBy = supplyInformationDueBy(asked, calendar, policies[state.kind]);
    const supplied = x.chance(0.6);
    const ends = supplied
      ? new Date(asked.getTime() + x.between(0.05, 0.8) * (Math.min(supplyBy.getTime(), respondedAt.getTime()) - asked.getTime()))
      : schedulerTime(supplyBy.toISOString(), x);
    if (before(asked) && before(ends)) {
      const proof = state.submitter.userId ? { userId: state.submitter.userId } : { accessKeyHash: state.submitter.accessKeyHash };
      plan.push(
        {
          at: asked,
          actor: actors.handler(department),
          optional: true,
          build: (context) => ({ type: 'RequestInformation', data: { petitionId, question: x.pick(INFORMATION_QUESTIONS) }, context }),
        },
        supplied
          ? {
              at: ends,
              actor: proof.userId ? { id: proof.userId, role: 'citizen' } : actors.citizen,
              optional: true,
              build: (context) => ({ type: 'SupplyInformation', data: { petitionId, proof, text: x.pick(INFORMATION_SUPPLIED) }, context }),
            }
          : {
              at: ends,
              actor: SYSTEM,
              optional: true,
              build: (context) => ({ type: 'LapseInformationRequest', data: { petitionId }, context }),
            },
      );
    }
  }
  return plan;
}

/** 评价: within the window, or the case closes unrated. Returns the reopen time when a supervisor reopens it. */
function rate(
  rec: CaseRecorder,
  r: Random,
  actors: Actors,
  petitionId: string,
  respondedAt: Date,
  profile: DepartmentProfile,
): Date | undefined {
  const state = rec.state;
  if (state.status !== 'responded') throw new Error(`generator bug: expected responded, got ${state.status}`);
  const rateBy = calendar.addWorkingDays(respondedAt, policies[state.kind].rateWithinWorkingDays);
  if (!r.chance(0.7)) {
    rec.act(new Date(rateBy.getTime() + r.int(5, 60) * MINUTE), SYSTEM, (context) => ({
      type: 'ClosePetition',
      data: { petitionId },
      context,
    }));
    return undefined;
  }
  const u = r.next();
  const ratedAt = new Date(respondedAt.getTime() + 20 * MINUTE + (rateBy.getTime() - respondedAt.getTime() - 20 * MINUTE) * u * u);
  const lift = profile.satisfaction + (state.respondedOnTime ? 0.05 : -0.15);
  const satisfaction: Satisfaction = r.weighted([
    ['satisfied', Math.max(0.05, 0.7 + lift)],
    ['basically_satisfied', 0.18],
    ['unsatisfied', Math.max(0.03, 0.12 - lift)],
  ] as const);
  const proof =
    state.submitter.userId && r.chance(0.5) ? { userId: state.submitter.userId } : { accessKeyHash: state.submitter.accessKeyHash };
  const citizen: Actor = proof.userId ? { id: proof.userId, role: 'citizen' } : actors.citizen;
  rec.act(ratedAt, citizen, (context) => ({
    type: 'RatePetition',
    data: { petitionId, satisfaction, proof, ...(r.chance(0.3) && { comment: r.pick(RATING_COMMENTS) }) },
    context,
  }));
  if (rec.state.status !== 'rated') return undefined;
  // Unsatisfied and still reopenable: a supervisor reopens it (重办) or the system closes it.
  const decidedAt = officeTime(new Date(ratedAt.getTime() + r.int(2, 48) * HOUR), r);
  if (r.chance(0.6)) {
    rec.act(decidedAt, actors.supervisor(), (context) => ({
      type: 'ReopenPetition',
      data: { petitionId, reason: r.pick(REOPEN_REASONS) },
      context,
    }));
    return decidedAt;
  }
  rec.act(decidedAt, SYSTEM, (context) => ({ type: 'ClosePetition', data: { petitionId }, context }));
  return undefined;
}
