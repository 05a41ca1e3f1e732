import { decider } from './decider';
import { ForbiddenError, InvalidCommandError } from './errors';
import { PetitionEvent, PetitionEventData } from './events';
import { systemHandles, textsNobody } from './rules';
import { DeciderSpecification } from './testing/decider-spec';
import { PETITION_ID, T, WATER, actors, command, ev, history, submitData } from './testing/fixtures';
import { PetitionSource } from './vocabulary';

const given = DeciderSpecification.for(decider);
const SOURCE: PetitionSource = { kind: 'interview', id: 'interview-1', questionId: 'question-7' };
const { citizen: _contact, ...withoutContact } = submitData();
const forward = (extra: Record<string, unknown> = {}, actor: (typeof actors)[keyof typeof actors] = actors.system) =>
  command('SubmitPetition', { ...withoutContact, source: SOURCE, ...extra }, { now: T.submitted, actor });
const forwarded = (): PetitionEvent[] => {
  const { citizen: _c, ...data } = ev.submitted({ source: SOURCE }).data as PetitionEventData<'PetitionSubmitted'>;
  return [{ type: 'PetitionSubmitted', data }];
};
const accept = (actor: (typeof actors)[keyof typeof actors]) =>
  command('ReviewPetition', { outcome: 'accepted' }, { now: T.reviewed, actor });
const dispatchTo = (actor: (typeof actors)[keyof typeof actors]) =>
  command('DispatchPetition', { departmentId: WATER, note: '在线访谈' }, { now: T.dispatched, actor });

describe('a petition the system submits from a source (an interview question forwarded)', () => {
  it('records the source and no citizen contact', () => {
    const [event] = decider.decide(forward(), decider.initialState());
    expect(event).toMatchObject({ type: 'PetitionSubmitted', data: { petitionId: PETITION_ID, source: SOURCE } });
    expect(event.data).not.toHaveProperty('citizen');
    expect(decider.evolve(decider.initialState(), event)).toMatchObject({ status: 'submitted', source: SOURCE });
  });

  it('only the system may name a source; a citizen or a reviewer is refused', () => {
    given([])
      .when(forward({}, actors.citizen))
      .thenThrows(ForbiddenError, /submit a petition from a source: role citizen may not/);
    given([])
      .when(forward({}, actors.reviewer))
      .thenThrows(ForbiddenError, /requires system/);
  });

  it('without a source, the system still gives a citizen contact', () => {
    given([])
      .when(command('SubmitPetition', withoutContact, { now: T.submitted, actor: actors.system }))
      .thenThrows(InvalidCommandError, /^citizen\.name: /);
  });

  it.each([
    ['source.kind', { ...SOURCE, kind: 'survey' }],
    ['source.id', { ...SOURCE, id: ' ' }],
    ['source.questionId', { kind: 'interview', id: 'interview-1' }],
  ])('refuses a malformed source, naming %s', (field, source) => {
    given([])
      .when(forward({ source }))
      .thenThrows(InvalidCommandError, new RegExp(`^${field.replace('.', '\\.')}: `));
  });

  it('the system accepts and dispatches what it forwarded; the source stays on the case', () => {
    given(forwarded())
      .when(accept(actors.system))
      .then([
        {
          type: 'PetitionReviewed',
          data: { petitionId: PETITION_ID, outcome: 'accepted', confidential: false, at: T.reviewed.toISOString() },
        },
      ]);
    given([...forwarded(), ev.reviewed()])
      .when(dispatchTo(actors.system))
      .thenState({ status: 'dispatched', departmentId: WATER, source: SOURCE });
  });

  it('the system only accepts: rejecting a forwarded question is not its call', () => {
    given(forwarded())
      .when(command('ReviewPetition', { outcome: 'rejected', reason: '无效' }, { now: T.reviewed, actor: actors.system }))
      .thenThrows(InvalidCommandError, /^outcome: the system only accepts/);
  });

  it('a reviewer still may review and dispatch a forwarded petition', () => {
    given(forwarded()).when(accept(actors.reviewer)).thenState({ status: 'accepted', source: SOURCE });
  });

  it('the system may not accept or dispatch a petition a person submitted', () => {
    given(history.submitted())
      .when(accept(actors.system))
      .thenThrows(ForbiddenError, /role system may not \(requires reviewer\)/);
    given(history.accepted())
      .when(dispatchTo(actors.system))
      .thenThrows(ForbiddenError, /role system may not \(requires reviewer\)/);
  });

  it('an old PetitionSubmitted without source or with its citizen folds as before', () => {
    const stored = JSON.parse(JSON.stringify(ev.submitted())) as PetitionEvent;
    const state = decider.evolve(decider.initialState(), stored);
    expect(state).not.toHaveProperty('source');
    expect(systemHandles(state as { source?: PetitionSource })).toBe(false);
  });

  it('nobody is texted about a petition with a source', () => {
    expect(textsNobody(SOURCE)).toBe(true);
    expect(textsNobody(undefined)).toBe(false);
  });
});
