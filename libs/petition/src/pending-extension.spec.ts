import { decider, fold } from './decider';
import { ForbiddenError, InvalidCommandError, RuleViolationError } from './errors';
import { defaultPolicies } from './policy';
import { escalationDue, extensionDecisionDueBy, overdueWorkingDays, ratingWindowEnds, responseDeadlineProtected } from './rules';
import { DeciderSpecification } from './testing/decider-spec';
import { PETITION_ID, T, WATER, actors, command, endOf, ev, history, local } from './testing/fixtures';
import { weekdayCalendar } from './testing/weekday-calendar';

// docs/lifecycle.md, "Rules": while an extension request is pending, the response deadline it covers is not
// missed and not escalated; an undecided request is approved by `system` after
// policy.decideExtensionWithinWorkingDays. So the department that asked in good order is
// protected (成华区).

const given = DeciderSpecification.for(decider);
/** Requested Thu 03-05 10:00 for 03-20; respondBy Thu 03-12; a supervisor decides by the end of Fri 03-06. */
const pending = () => [...history.inProgress(), ev.extensionRequested()];
const requested = endOf('2026-03-20');

const missedResponse = (now: Date) => command('MarkDeadlineMissed', { deadline: 'response' }, { now, actor: actors.system });
const autoEscalate = (now: Date) => command('EscalatePetition', {}, { now, actor: actors.system });
const autoApprove = (now: Date, policies = defaultPolicies()) =>
  command('DecideExtension', { approved: true }, { now, actor: actors.system, policies });
const refuse = (now: Date) => command('DecideExtension', { approved: false, reason: '理由不充分' }, { now, actor: actors.supervisor });

describe('a pending extension request protects the response deadline', () => {
  it('lights no red light on the response deadline while it waits', () => {
    given(pending())
      .when(missedResponse(local('2026-03-13T00:05')))
      .thenThrows(RuleViolationError, /^cannot mark the response deadline missed: the extension request of .* is pending/);
  });

  it('triggers no automatic 督办, however overdue', () => {
    given(pending())
      .when(autoEscalate(local('2026-03-30T10:00')))
      .thenThrows(RuleViolationError, /escalate automatically: the extension request/);
  });

  it('does not cover the acknowledgement deadline, nor a supervisor’s own 督办', () => {
    given([...history.dispatched(), ev.extensionRequested()])
      .when(command('MarkDeadlineMissed', { deadline: 'acknowledgement' }, { now: local('2026-03-04T00:05'), actor: actors.system }))
      .thenState({ missedDeadlines: [`acknowledgement@${T.acknowledgeBy}`] });
    given(pending())
      .when(command('EscalatePetition', { reason: '群众反映强烈' }, { now: local('2026-03-13T10:00'), actor: actors.supervisor }))
      .thenState({ escalationLevel: 1 });
  });

  it('is what responseDeadlineProtected says, for the folded case and for a read-model row', () => {
    expect(responseDeadlineProtected(fold(pending()))).toBe(true);
    expect(responseDeadlineProtected(fold(history.inProgress()))).toBe(false);
    expect(responseDeadlineProtected(fold([...pending(), ev.extensionDecided()]))).toBe(false);
    expect(responseDeadlineProtected(fold(history.responded()))).toBe(false);
    expect(responseDeadlineProtected({ pendingExtension: { requestedAt: '2026-03-05T02:00:00.000Z' } })).toBe(true);
    expect(responseDeadlineProtected({})).toBe(false);
  });

  it('ends with an approval: the new respondBy applies', () => {
    const approved = [...pending(), ev.extensionDecided()];
    given(approved)
      .when(missedResponse(local('2026-03-13T00:05')))
      .thenThrows(RuleViolationError, `cannot mark the response deadline missed: it is due ${requested}`);
    given(approved)
      .when(missedResponse(local('2026-03-21T00:05')))
      .then([
        {
          type: 'PetitionDeadlineMissed',
          data: {
            petitionId: PETITION_ID,
            deadline: 'response',
            dueAt: requested,
            departmentId: WATER,
            at: local('2026-03-21T00:05').toISOString(),
          },
        },
      ]);
  });
});

describe('a refusal restores the original deadline', () => {
  it('lights the red light with the refusal when the original deadline has passed (dueAt the original respondBy)', () => {
    const now = local('2026-03-13T10:00');
    given(pending())
      .when(refuse(now))
      .then([
        {
          type: 'ExtensionDecided',
          data: {
            petitionId: PETITION_ID,
            departmentId: WATER,
            approved: false,
            reason: '理由不充分',
            requestedRespondBy: requested,
            previousRespondBy: T.respondBy,
            at: now.toISOString(),
          },
        },
        {
          type: 'PetitionDeadlineMissed',
          data: { petitionId: PETITION_ID, deadline: 'response', dueAt: T.respondBy, departmentId: WATER, at: now.toISOString() },
        },
      ]);
  });

  it('adds nothing else when refused before the deadline; the watcher’s red light comes once it passes', () => {
    const refused = [...pending(), ev.extensionDecided({ approved: false, respondBy: undefined, reason: '理由不充分' })];
    given(pending())
      .when(refuse(local('2026-03-06T10:00')))
      .thenState({ status: 'in_progress', respondBy: T.respondBy, missedDeadlines: [] });
    given(refused)
      .when(missedResponse(local('2026-03-13T00:05')))
      .thenState({ missedDeadlines: [`response@${T.respondBy}`] });
  });

  it('lets the automatic 督办 count from the original deadline again', () => {
    const refusedLate = [
      ...pending(),
      ev.extensionDecided({ approved: false, respondBy: undefined, reason: '理由不充分', at: local('2026-03-18T09:00').toISOString() }),
    ];
    given(refusedLate)
      .when(autoEscalate(local('2026-03-18T10:00')))
      .thenState({ escalationLevel: 1, autoEscalatedFor: [T.respondBy] });
  });
});

describe('an undecided request is approved by the system (decideExtensionWithinWorkingDays)', () => {
  it('not before the end of the working day after the request', () => {
    given(pending())
      .when(autoApprove(local('2026-03-06T23:59:59')))
      .thenThrows(
        RuleViolationError,
        `cannot approve the extension automatically: a supervisor may decide it until ${endOf('2026-03-06')}`,
      );
  });

  it('then with the requested date, marked automatic', () => {
    const now = local('2026-03-07T00:00:01');
    given(pending())
      .when(autoApprove(now))
      .then([
        {
          type: 'ExtensionDecided',
          data: {
            petitionId: PETITION_ID,
            departmentId: WATER,
            requestedRespondBy: requested,
            previousRespondBy: T.respondBy,
            at: now.toISOString(),
            approved: true,
            respondBy: requested,
            automatic: true,
          },
        },
      ]);
    given(pending()).when(autoApprove(now)).thenState({ respondBy: requested });
  });

  it('even when the watcher comes late and the requested date has passed (the department asked in good order)', () => {
    given(pending())
      .when(autoApprove(local('2026-03-23T10:00')))
      .thenState({ respondBy: requested });
  });

  it('follows the policy', () => {
    const policies = defaultPolicies({ complaint: { decideExtensionWithinWorkingDays: 3 } });
    // Thu 03-05 + 3 working days: Fri 6, Mon 9, Tue 10.
    given(pending())
      .when(autoApprove(local('2026-03-10T23:00'), policies))
      .thenThrows(RuleViolationError, endOf('2026-03-10'));
    given(pending())
      .when(autoApprove(local('2026-03-11T00:00:01'), policies))
      .thenState({ respondBy: requested });
  });

  it('never refuses and never picks another date', () => {
    given(pending())
      .when(command('DecideExtension', { approved: false, reason: 'x' }, { now: local('2026-03-09T10:00'), actor: actors.system }))
      .thenThrows(InvalidCommandError, /^approved: the system only approves/);
    given(pending())
      .when(
        command(
          'DecideExtension',
          { approved: true, respondBy: new Date(endOf('2026-03-16')) },
          { now: local('2026-03-09T10:00'), actor: actors.system },
        ),
      )
      .thenThrows(InvalidCommandError, /^approved: /);
  });

  it('needs a pending request, and is for the system or a supervisor only', () => {
    given(history.inProgress())
      .when(autoApprove(local('2026-03-09T10:00')))
      .thenThrows(RuleViolationError, /no extension request is pending/);
    given(pending())
      .when(command('DecideExtension', { approved: true }, { now: local('2026-03-09T10:00'), actor: actors.handler }))
      .thenThrows(ForbiddenError, /requires supervisor or system/);
  });
});

describe('time predicates the watcher shares with the decider', () => {
  it('escalationDue: overdue by more than escalateAfterOverdueWorkingDays', () => {
    const policy = defaultPolicies().complaint;
    const respondBy = new Date(T.respondBy);
    expect(overdueWorkingDays(respondBy, local('2026-03-12T12:00'), weekdayCalendar)).toBe(0);
    expect(escalationDue(respondBy, local('2026-03-17T23:59'), weekdayCalendar, policy)).toBe(false);
    expect(escalationDue(respondBy, local('2026-03-18T00:01'), weekdayCalendar, policy)).toBe(true);
  });

  it('ratingWindowEnds and extensionDecisionDueBy count working days from the next day', () => {
    const policy = defaultPolicies().complaint;
    expect(ratingWindowEnds(T.responded, weekdayCalendar, policy).toISOString()).toBe(T.rateBy);
    expect(extensionDecisionDueBy(local('2026-03-06T10:00'), weekdayCalendar, policy).toISOString()).toBe(endOf('2026-03-09'));
  });
});
