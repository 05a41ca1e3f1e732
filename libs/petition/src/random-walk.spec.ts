import fc from 'fast-check';
import { PetitionCommand, PetitionCommandType, PETITION_COMMAND_TYPES } from './commands';
import { decider } from './decider';
import { isPetitionDomainError } from './errors';
import { PetitionEvent } from './events';
import { PetitionState } from './state';
import { OTHER_PETITION_ID, ROADS, SUBMITTER, WATER, actors, command, local, submitData } from './testing/fixtures';
import { DEADLINE_KINDS, MODERATION_ACTIONS, MODERATION_TARGETS, PETITION_STATUSES, REVIEW_OUTCOMES, SATISFACTIONS } from './vocabulary';

// Random command sequences by random actors at advancing times: decide is total (events or a
// named domain error), pure and deterministic, and the rules hold over whole histories.

const actorList = Object.values(actors);
const step = fc.record({
  type: fc.constantFrom(...PETITION_COMMAND_TYPES),
  actor: fc.constantFrom(...actorList),
  hours: fc.integer({ min: 0, max: 60 }),
  pick: fc.nat(),
  flag: fc.boolean(),
  text: fc.constantFrom('理由', '', '  '),
});
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

const toCommand = (s: Step, now: Date): PetitionCommand => {
  const options = { now, actor: s.actor };
  const at = <T>(xs: readonly T[]) => xs[s.pick % xs.length];
  const type: PetitionCommandType = s.type;
  switch (type) {
    case 'SubmitPetition':
      return command(type, submitData(), options);
    case 'ReviewPetition':
      return command(
        type,
        { outcome: at(REVIEW_OUTCOMES), reason: s.text, ...(s.flag && { duplicateOf: OTHER_PETITION_ID }), confidential: s.pick % 5 === 0 },
        options,
      );
    case 'DispatchPetition':
      return command(type, { departmentId: at([WATER, ROADS, 'dept-parks']), ...(s.flag && { assistingDepartmentIds: [ROADS] }) }, options);
    case 'AcknowledgePetition':
    case 'ClosePetition':
      return command(type, {}, options);
    case 'ReturnPetition':
      return command(type, { reason: s.text }, options);
    case 'RequestExtension':
      return command(type, { reason: s.text || '理由', requestedRespondBy: new Date(now.getTime() + (s.pick % 30) * 86_400_000) }, options);
    case 'DecideExtension':
      return command(type, { approved: s.flag, ...(s.text && { reason: s.text }) }, options);
    case 'RespondToPetition':
      return command(type, { answer: s.text || '答复', ...(s.pick % 4 === 0 && { outcome: 'unreachable' as const }) }, options);
    case 'RatePetition':
      // One in three a call-back (回访): reached, or unreachable after 0–4 attempts.
      if (s.pick % 3 === 0) {
        const attempts = s.pick % 5;
        return s.flag
          ? command(type, { via: 'callback', outcome: 'unreachable', attempts }, options)
          : command(type, { via: 'callback', satisfaction: at(SATISFACTIONS), ...(attempts > 0 && { attempts }) }, options);
      }
      return command(
        type,
        {
          satisfaction: at(SATISFACTIONS),
          proof: s.flag ? { userId: SUBMITTER.userId } : { accessKeyHash: at([SUBMITTER.accessKeyHash, 'x']) },
        },
        options,
      );
    case 'ReopenPetition':
      return command(type, { reason: s.text }, options);
    case 'EscalatePetition':
      return command(type, s.text ? { reason: s.text } : {}, options);
    case 'CommentOnPetition':
      return command(type, { text: s.text || '同问', author: '网友' }, options);
    case 'MarkDeadlineMissed':
      return command(type, { deadline: at(DEADLINE_KINDS) }, options);
    case 'WithdrawPetition':
      return command(
        type,
        {
          ...(s.text && { reason: s.text }),
          proof: s.flag ? { userId: SUBMITTER.userId } : { accessKeyHash: at([SUBMITTER.accessKeyHash, 'x']) },
        },
        options,
      );
    case 'ReplyInterim':
      return command(type, { text: s.text || '阶段性答复' }, options);
    case 'RequestInformation':
      return command(type, { question: s.text || '请补充照片' }, options);
    case 'SupplyInformation':
      return command(
        type,
        {
          text: s.text || '照片已补充',
          proof: s.flag ? { userId: SUBMITTER.userId } : { accessKeyHash: at([SUBMITTER.accessKeyHash, 'x']) },
        },
        options,
      );
    case 'LapseInformationRequest':
    case 'MarkReviewDeadlineMissed':
      return command(type, {}, options);
    case 'ModeratePublication': {
      const target = at(MODERATION_TARGETS);
      // The random walk's comments have no ids (the application names them by their event's id).
      return command(
        type,
        {
          target,
          action: s.flag ? MODERATION_ACTIONS[0] : MODERATION_ACTIONS[1],
          reason: s.text || '理由',
          ...(target === 'comment' && { commentId: at(['c-1', 'c-2']) }),
        },
        options,
      );
    }
    case 'ProvideAssistance':
    case 'AnswerUp':
      return command(type, { text: s.text || '已配合' }, options);
    case 'PassDownPetition':
      return command(type, { departmentId: at(['dept-street-1', WATER]), ancestry: s.flag ? [WATER] : ['dept-city'] }, options);
    case 'AssignHandler':
      return command(type, { handlerId: at(['staff-1', 'staff-2']), handlerName: s.text || '李工' }, options);
    default: {
      const _never: never = type;
      throw new Error('unreachable');
    }
  }
};

// Submitted, reviewed and dispatched first, so that most random steps land on a live case.
const prelude = (start: Date): PetitionCommand[] => [
  command('SubmitPetition', submitData(), { now: start, actor: actors.citizen }),
  command('ReviewPetition', { outcome: 'accepted' }, { now: start, actor: actors.reviewer }),
  command('DispatchPetition', { departmentId: WATER }, { now: start, actor: actors.reviewer }),
];

describe('random walks through the lifecycle', () => {
  it('keep decide total, pure and deterministic, and the rules true over the whole stream', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(
          fc.oneof({ weight: 1, arbitrary: step }, { weight: 3, arbitrary: step.map((s) => ({ ...s, actor: properActor(s.type) })) }),
          { maxLength: 60 },
        ),
        (withPrelude, steps) => {
          let now = local('2026-03-02T09:00');
          let state: PetitionState = decider.initialState();
          const stream: PetitionEvent[] = [];
          const commands = [...(withPrelude ? prelude(now) : [])];
          for (const s of steps) {
            now = new Date(now.getTime() + s.hours * 3_600_000);
            commands.push(toCommand(s, now));
          }
          for (const cmd of commands) {
            const before = JSON.stringify(state);
            let events: PetitionEvent[] | undefined;
            try {
              events = decider.decide(cmd, state);
            } catch (error) {
              expect(isPetitionDomainError(error)).toBe(true);
            }
            expect(JSON.stringify(state)).toBe(before);
            if (!events) continue;
            expect(decider.decide(cmd, state)).toStrictEqual(events);
            expect(JSON.parse(JSON.stringify(events))).toStrictEqual(events);
            // A closed case takes no more commands, but for moderation of what it published and comments within the window.
            if (decider.isTerminal(state)) expect(events.filter((e) => !AFTER_CLOSE.includes(e.type))).toEqual([]);
            for (const e of events) expect(e.data.at).toBe(cmd.context.now.toISOString());
            stream.push(...events);
            state = events.reduce(decider.evolve, state);
          }
          checkInvariants(state, stream);
        },
      ),
      { numRuns: 300 },
    );
  });
});

function properActor(type: PetitionCommandType) {
  switch (type) {
    case 'ReviewPetition':
    case 'DispatchPetition':
      return actors.reviewer;
    case 'AcknowledgePetition':
    case 'ReturnPetition':
    case 'RequestExtension':
    case 'RespondToPetition':
    case 'ReplyInterim':
    case 'RequestInformation':
    case 'PassDownPetition':
    case 'AssignHandler':
      return actors.handler;
    case 'ProvideAssistance':
      return actors.roadsHandler;
    case 'DecideExtension':
    case 'ReopenPetition':
    case 'EscalatePetition':
    case 'ModeratePublication':
      return actors.supervisor;
    case 'MarkDeadlineMissed':
    case 'ClosePetition':
    case 'LapseInformationRequest':
    case 'MarkReviewDeadlineMissed':
      return actors.system;
    default:
      return actors.citizen;
  }
}

function checkInvariants(state: PetitionState, stream: readonly PetitionEvent[]) {
  expect(PETITION_STATUSES).toContain(state.status);
  expect(stream.reduce(decider.evolve, decider.initialState())).toStrictEqual(state);
  if (state.status === 'initial') return expect(stream).toEqual([]);

  const count = (type: PetitionEvent['type']) => stream.filter((e) => e.type === type).length;
  expect(count('PetitionSubmitted')).toBe(1);
  expect(count('PetitionClosed')).toBeLessThanOrEqual(1);
  // Once closed, only moderation of what is published (hide or restore) and comments (跟帖, within the window) may still happen.
  const closedAt = stream.findIndex((e) => e.type === 'PetitionClosed');
  expect(closedAt >= 0).toBe(state.status === 'closed');
  if (closedAt >= 0) for (const e of stream.slice(closedAt + 1)) expect(AFTER_CLOSE).toContain(e.type);
  // 审核超时: at most one red light for the office, before (or with) the review.
  expect(count('ReviewDeadlineMissed')).toBeLessThanOrEqual(1);
  const reviewMissedAt = stream.findIndex((e) => e.type === 'ReviewDeadlineMissed');
  const reviewedAt = stream.findIndex((e) => e.type === 'PetitionReviewed');
  if (reviewMissedAt >= 0 && reviewedAt >= 0) expect(reviewMissedAt).toBeLessThan(reviewedAt);
  expect(state.escalationLevel).toBe(count('PetitionEscalated'));
  expect(state.missedDeadlines.length).toBe(count('PetitionDeadlineMissed'));
  expect(new Set(state.missedDeadlines).size).toBe(state.missedDeadlines.length);
  expect(state.reopenCount).toBeLessThanOrEqual(1);
  expect(state.commentCount).toBe(count('PetitionCommented'));
  expect(count('PetitionWithdrawn')).toBe(state.status === 'closed' && state.closeReason === 'withdrawn' ? 1 : 0);

  // Per dispatch: acknowledged before answered; one rating per answer; one pending extension.
  let acknowledged = false;
  let answered = false;
  let rated = false;
  let pending = false;
  let awaiting = false;
  let autoFor = new Set<string>();
  for (const e of stream) {
    switch (e.type) {
      case 'PetitionDispatched':
        acknowledged = answered = rated = pending = awaiting = false;
        break;
      case 'InformationRequested':
        // 补充材料: while the case is worked, one request at a time, never beside a pending extension.
        expect(acknowledged && !answered && !awaiting && !pending).toBe(true);
        awaiting = true;
        break;
      case 'InformationSupplied':
      case 'InformationRequestLapsed':
        expect(awaiting).toBe(true);
        expect(Date.parse(e.data.respondBy)).toBeGreaterThanOrEqual(Date.parse(e.data.previousRespondBy));
        awaiting = false;
        break;
      case 'PetitionWithdrawn':
        expect(answered).toBe(false); // 撤回 only before the answer
        break;
      case 'PetitionInterimReplied':
        expect(acknowledged && !answered).toBe(true);
        break;
      case 'PetitionReturned':
        pending = awaiting = false;
        break;
      case 'AssistanceProvided':
        // 协办 only while the lead handles the case, before its answer.
        expect(answered).toBe(false);
        expect(e.data.departmentId).not.toBe(e.data.leadDepartmentId);
        break;
      case 'PetitionPassedDown':
      case 'HandlerAssigned':
        expect(answered).toBe(false);
        break;
      case 'PetitionAcknowledged':
        acknowledged = true;
        break;
      case 'PetitionResponded':
        expect(acknowledged).toBe(true);
        expect(awaiting).toBe(false);
        answered = true;
        rated = pending = false;
        break;
      case 'PetitionRated':
        expect(answered && !rated).toBe(true);
        rated = true;
        break;
      case 'PetitionReopened':
        expect(rated).toBe(true);
        answered = rated = false;
        break;
      case 'ExtensionRequested':
        expect(pending).toBe(false);
        pending = true;
        break;
      case 'ExtensionDecided':
        expect(pending).toBe(true);
        pending = false;
        break;
      case 'PetitionDeadlineMissed':
        // A pending extension request protects the response deadline.
        // So does a request for information (the clock is paused).
        if (e.data.deadline === 'response') expect(pending || awaiting).toBe(false);
        break;
      case 'PetitionEscalated':
        if (e.data.automatic) {
          expect(pending || awaiting).toBe(false);
          expect(autoFor.has(e.data.respondBy ?? '')).toBe(false);
          autoFor = new Set([...autoFor, e.data.respondBy ?? '']);
        }
        break;
      default:
        break;
    }
  }
}

/** What a closed case may still record. */
const AFTER_CLOSE: readonly PetitionEvent['type'][] = ['PublicationModerated', 'PetitionCommented'];

describe('malformed commands from outside the type system', () => {
  const state = () =>
    [command('SubmitPetition', submitData(), { now: local('2026-03-02T09:00'), actor: actors.citizen })]
      .flatMap((cmd) => decider.decide(cmd, decider.initialState()))
      .reduce(decider.evolve, decider.initialState());

  it('refuse an unknown command type with a named error', () => {
    const unknown = {
      ...command('ClosePetition', {}, { now: local('2026-03-02T09:00'), actor: actors.system }),
      type: 'ArchivePetition',
    } as unknown as PetitionCommand;
    expect(() => decider.decide(unknown, state())).toThrow(/^type: unknown command ArchivePetition$/);
  });

  it('refuse a command when no policy is configured for the case kind', () => {
    const cmd = command(
      'DispatchPetition',
      { departmentId: WATER },
      { now: local('2026-03-02T09:00'), actor: actors.reviewer, policies: {} as never },
    );
    const accepted = decider.evolve(state(), {
      type: 'PetitionReviewed',
      data: { petitionId: cmd.data.petitionId, outcome: 'accepted', confidential: false, at: '2026-03-02T02:00:00.000Z' },
    });
    expect(() => decider.decide(cmd, accepted)).toThrow(/^policies\.complaint: no time-limit policy/);
  });
});
