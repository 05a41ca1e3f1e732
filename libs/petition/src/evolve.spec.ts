import { PETITION_EVENT_TYPES, PetitionEvent, isPetitionEvent, streamName } from './events';
import { decider, evolve, fold } from './decider';
import { PetitionState, initialState, isPublic } from './state';
import { summarize } from './summary';
import { PETITION_ID, ROADS, T, WATER, endOf, ev, history } from './testing/fixtures';

const every = (): PetitionEvent[] => [
  ev.submitted(),
  ev.reviewed(),
  ev.dispatched(),
  ev.acknowledged(),
  ev.returned(),
  ev.extensionRequested(),
  ev.extensionDecided(),
  ev.responded(),
  ev.rated(),
  ev.reopened(),
  ev.deadlineMissed(),
  ev.escalated(),
  ev.closed(),
  ev.commented(),
  ev.withdrawn(),
  ev.interimReplied(),
  ev.informationRequested(),
  ev.informationSupplied(),
  ev.informationRequestLapsed(),
  ev.reviewDeadlineMissed(),
  ev.moderated(),
  ev.assistanceProvided(),
  ev.passedDown(),
  ev.answeredUp(),
  ev.handlerAssigned(),
];

const reachable: Record<string, PetitionEvent[]> = {
  initial: history.initial(),
  submitted: history.submitted(),
  accepted: history.accepted(),
  dispatched: history.dispatched(),
  in_progress: history.inProgress(),
  returned: history.returned(),
  responded: history.responded(),
  rated: history.rated(),
  closed: history.closedRated(),
};

describe('the event contract', () => {
  it('lists the permanent event types', () => {
    expect(PETITION_EVENT_TYPES).toEqual([
      'PetitionSubmitted',
      'PetitionReviewed',
      'PetitionDispatched',
      'PetitionAcknowledged',
      'PetitionReturned',
      'ExtensionRequested',
      'ExtensionDecided',
      'PetitionResponded',
      'PetitionRated',
      'PetitionReopened',
      'PetitionDeadlineMissed',
      'PetitionEscalated',
      'PetitionClosed',
      'PetitionCommented',
      'PetitionWithdrawn',
      'PetitionInterimReplied',
      'InformationRequested',
      'InformationSupplied',
      'InformationRequestLapsed',
      'ReviewDeadlineMissed',
      'PublicationModerated',
      'AssistanceProvided',
      'PetitionPassedDown',
      'PetitionAnsweredUp',
      'HandlerAssigned',
    ]);
    expect(every().map((e) => e.type)).toEqual(PETITION_EVENT_TYPES);
    expect(isPetitionEvent({ type: 'PetitionRated' })).toBe(true);
    expect(isPetitionEvent({ type: 'CartOpened' })).toBe(false);
  });

  it('names one stream per petition', () => {
    expect(streamName(PETITION_ID)).toBe(`petition-${PETITION_ID}`);
  });

  it('carries petitionId and the time of the act in every event', () => {
    for (const event of every()) {
      expect(event.data).toMatchObject({ petitionId: PETITION_ID, at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) });
    }
  });
});

describe('evolve', () => {
  it('never throws and ignores an event that does not fit the state', () => {
    for (const [name, events] of Object.entries(reachable)) {
      const state = fold(events);
      for (const event of every()) {
        expect(() => evolve(state, event)).not.toThrow();
      }
      if (name !== 'dispatched') expect(evolve(state, ev.acknowledged())).toBe(state);
    }
  });

  it('ignores unknown event types from newer versions of the contract', () => {
    const state = fold(history.inProgress());
    expect(evolve(state, { type: 'PetitionTransferredV2', data: {} } as unknown as PetitionEvent)).toBe(state);
  });

  it('folds the whole story (time travel: any prefix is a valid state)', () => {
    const story = [
      ...history.dispatched(),
      ev.deadlineMissed(),
      ev.acknowledged({ onTime: false }),
      ev.extensionRequested(),
      ev.extensionDecided(),
      ev.escalated(),
      ev.commented(),
      ev.responded({ respondBy: endOf('2026-03-20') }),
      ev.rated(),
      ev.reopened(),
    ];
    const statuses = story.map((_e, i) => fold(story.slice(0, i + 1)).status);
    expect(statuses).toEqual([
      'submitted',
      'accepted',
      'dispatched',
      'dispatched',
      'in_progress',
      'in_progress',
      'in_progress',
      'in_progress',
      'in_progress',
      'responded',
      'rated',
      'in_progress',
    ]);
    expect(fold(story)).toStrictEqual({
      status: 'in_progress',
      petitionId: PETITION_ID,
      trackingCode: 'WZ-20260302-0001',
      kind: 'complaint',
      channel: 'web',
      submitter: { userId: 'citizen-1', accessKeyHash: 'sha256:5f2b' },
      publicConsent: true,
      submittedAt: T.submitted.toISOString(),
      confidential: false,
      categoryId: 'water-supply',
      reopenCount: 1,
      escalationLevel: 1,
      autoEscalatedFor: [],
      missedDeadlines: [`acknowledgement@${T.acknowledgeBy}`],
      returnedBy: [],
      commentCount: 1,
      departmentId: WATER,
      dispatchedAt: T.dispatched.toISOString(),
      acknowledgeBy: T.acknowledgeBy,
      respondBy: endOf('2026-03-23'),
      acknowledged: true,
      acknowledgedAt: T.acknowledged.toISOString(),
    } satisfies PetitionState);
  });

  it('keeps a rejected case submitted between its review and its closing', () => {
    const [submitted, reviewed] = history.closedRejected();
    expect(fold([submitted, reviewed]).status).toBe('submitted');
  });

  it('keeps the last department and rating on a closed case', () => {
    expect(fold(history.closedRated())).toMatchObject({
      status: 'closed',
      closeReason: 'rated',
      departmentId: WATER,
      lastRating: 'satisfied',
    });
    expect(fold([...history.returned(), ev.closed({ reason: 'rated' })])).toMatchObject({ departmentId: WATER });
  });

  it('ignores a second closing', () => {
    const closed = fold(history.closedRated());
    expect(evolve(closed, ev.closed({ reason: 'no_rating_in_time' }))).toBe(closed);
  });

  it('is the decider evolve, with the initial state and terminal closed state', () => {
    expect(decider.evolve).toBe(evolve);
    expect(decider.initialState()).toEqual(initialState());
    expect(decider.isTerminal(initialState())).toBe(false);
  });
});

describe('summarize (GET /petitions/:id)', () => {
  it('shows status, deadlines, department and counts without the submitter credentials', () => {
    const summary = summarize(
      fold([
        ...history.returned(),
        ev.dispatched({ departmentId: ROADS }),
        ev.extensionRequested({ departmentId: ROADS }),
        ev.deadlineMissed(),
        ev.commented(),
      ]),
    );
    expect(summary).toStrictEqual({
      status: 'dispatched',
      petitionId: PETITION_ID,
      trackingCode: 'WZ-20260302-0001',
      kind: 'complaint',
      confidential: false,
      publicConsent: true,
      categoryId: 'water-supply',
      submittedAt: T.submitted.toISOString(),
      departmentId: ROADS,
      dispatchedAt: T.dispatched.toISOString(),
      acknowledgeBy: T.acknowledgeBy,
      respondBy: T.respondBy,
      acknowledged: false,
      pendingExtension: { requestedAt: ev.extensionRequested().data.at, requestedRespondBy: endOf('2026-03-20'), reason: '需要现场勘察' },
      counts: { reopens: 0, escalations: 0, missedDeadlines: 1, returns: 1, comments: 1 },
      missedDeadlines: [`acknowledgement@${T.acknowledgeBy}`],
    });
    expect(JSON.stringify(summary)).not.toContain('sha256');
  });

  it('summarizes every reachable state', () => {
    expect(summarize(initialState())).toMatchObject({ status: 'initial', acknowledged: false });
    expect(summarize(fold(history.closedRated()))).toMatchObject({
      status: 'closed',
      closeReason: 'rated',
      lastRating: 'satisfied',
      acknowledged: true,
      departmentId: WATER,
    });
    expect(summarize(fold(history.returned()))).toMatchObject({ status: 'returned', departmentId: WATER, acknowledged: false });
    expect(summarize(fold(history.rated()))).toMatchObject({
      status: 'rated',
      lastRating: 'unsatisfied',
      respondedAt: T.responded.toISOString(),
    });
  });
});

describe('isPublic', () => {
  it('publishes only accepted, non-confidential cases with consent', () => {
    expect(isPublic(fold(history.submitted()))).toBe(false);
    expect(isPublic(fold(history.accepted()))).toBe(true);
    expect(isPublic(fold(history.closedRated()))).toBe(true);
    expect(isPublic(fold(history.closedRejected()))).toBe(false);
    expect(isPublic(fold([ev.submitted(), ev.reviewed({ confidential: true })]))).toBe(false);
    expect(isPublic(fold([ev.submitted({ publicConsent: false }), ev.reviewed()]))).toBe(false);
  });
});
