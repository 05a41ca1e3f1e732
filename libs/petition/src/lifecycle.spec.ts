import { PetitionCommand } from './commands';
import { decider } from './decider';
import { PetitionEvent } from './events';
import { PetitionState } from './state';
import { summarize } from './summary';
import { PETITION_ID, SUBMITTER, WATER, ROADS, actors, command, endOf, local, submitData } from './testing/fixtures';

// The whole lifecycle driven through decide alone, as the application will: read, decide, append.
const run = (commands: PetitionCommand[]) => {
  let state: PetitionState = decider.initialState();
  const stream: PetitionEvent[] = [];
  for (const cmd of commands) {
    const events = decider.decide(cmd, state);
    stream.push(...events);
    state = events.reduce(decider.evolve, state);
  }
  return { state, stream };
};

describe('a petition from submission to closing', () => {
  it('goes through return, re-dispatch, extension, an unsatisfied rating, a reopen and a final rating', () => {
    const { state, stream } = run([
      command('SubmitPetition', submitData(), { now: local('2026-03-02T09:00'), actor: actors.citizen }),
      command(
        'ReviewPetition',
        { outcome: 'accepted', categoryId: 'water-supply' },
        { now: local('2026-03-02T10:00'), actor: actors.reviewer },
      ),
      command('DispatchPetition', { departmentId: ROADS }, { now: local('2026-03-02T11:00'), actor: actors.reviewer }),
      command('ReturnPetition', { reason: '属供水公司职责' }, { now: local('2026-03-02T15:00'), actor: actors.roadsHandler }),
      command('DispatchPetition', { departmentId: WATER }, { now: local('2026-03-03T09:00'), actor: actors.reviewer }),
      command('MarkDeadlineMissed', { deadline: 'acknowledgement' }, { now: local('2026-03-05T00:10'), actor: actors.system }),
      command('MarkDeadlineMissed', { deadline: 'acknowledgement' }, { now: local('2026-03-05T00:20'), actor: actors.system }),
      command('AcknowledgePetition', {}, { now: local('2026-03-05T08:30'), actor: actors.handler }),
      command(
        'RequestExtension',
        { reason: '需更换管道', requestedRespondBy: new Date(endOf('2026-03-24')) },
        { now: local('2026-03-06T10:00'), actor: actors.handler },
      ),
      command('DecideExtension', { approved: true }, { now: local('2026-03-06T16:00'), actor: actors.supervisor }),
      command(
        'CommentOnPetition',
        { text: '同小区，确有此事', author: '网友a1b2' },
        { now: local('2026-03-07T12:00'), actor: actors.stranger },
      ),
      command('RespondToPetition', { answer: '已更换管道' }, { now: local('2026-03-20T10:00'), actor: actors.handler }),
      command(
        'RatePetition',
        { satisfaction: 'unsatisfied', comment: '仍有异味', proof: { accessKeyHash: SUBMITTER.accessKeyHash } },
        { now: local('2026-03-21T10:00'), actor: actors.citizen },
      ),
      command('ReopenPetition', { reason: '仍有异味' }, { now: local('2026-03-23T09:00'), actor: actors.supervisor }),
      command('RespondToPetition', { answer: '已清洗水箱' }, { now: local('2026-03-30T10:00'), actor: actors.handler }),
      command(
        'RatePetition',
        { satisfaction: 'basically_satisfied', proof: { userId: SUBMITTER.userId } },
        { now: local('2026-03-31T10:00'), actor: actors.citizen },
      ),
    ]);

    expect(stream.map((e) => e.type)).toEqual([
      'PetitionSubmitted',
      'PetitionReviewed',
      'PetitionDispatched',
      'PetitionReturned',
      'PetitionDispatched',
      'PetitionDeadlineMissed',
      'PetitionAcknowledged',
      'ExtensionRequested',
      'ExtensionDecided',
      'PetitionCommented',
      'PetitionResponded',
      'PetitionRated',
      'PetitionReopened',
      'PetitionResponded',
      'PetitionRated',
      'PetitionClosed',
    ]);
    expect(stream[4].data).toMatchObject({ departmentId: WATER, acknowledgeBy: endOf('2026-03-04'), respondBy: endOf('2026-03-13') });
    expect(stream[6].data).toMatchObject({ onTime: false });
    expect(stream[10].data).toMatchObject({ onTime: true, respondBy: endOf('2026-03-24') });
    expect(stream[12].data).toMatchObject({ respondBy: endOf('2026-04-02'), reopenCount: 1 });
    expect(stream.every((e) => e.data.petitionId === PETITION_ID)).toBe(true);
    expect(decider.isTerminal(state)).toBe(true);
    expect(summarize(state)).toMatchObject({
      status: 'closed',
      closeReason: 'rated',
      lastRating: 'basically_satisfied',
      departmentId: WATER,
      counts: { reopens: 1, escalations: 0, missedDeadlines: 1, returns: 1, comments: 1 },
    });
  });
});
