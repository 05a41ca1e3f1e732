import { decider } from './decider';
import { InvalidCommandError } from './errors';
import { PetitionEvent } from './events';
import { DeciderSpecification } from './testing/decider-spec';
import { PETITION_ID, T, actors, command, ev, history, submitData } from './testing/fixtures';

const given = DeciderSpecification.for(decider);
const submit = (extra: Record<string, unknown>) =>
  command('SubmitPetition', { ...submitData(), ...extra }, { now: T.submitted, actor: actors.citizen });

describe('SubmitPetition with a location (point and district)', () => {
  it('records the point and the district beside the address', () => {
    const [event] = decider.decide(
      submit({ location: '鹿城区人民路123号', point: { lat: 28.0146, lng: 120.6721 }, districtCode: '330302' }),
      decider.initialState(),
    );
    expect(event).toMatchObject({
      type: 'PetitionSubmitted',
      data: { petitionId: PETITION_ID, location: '鹿城区人民路123号', point: { lat: 28.0146, lng: 120.6721 }, districtCode: '330302' },
    });
  });

  it('leaves both out when the citizen gave neither (the shape before locations)', () => {
    const [event] = decider.decide(submit({}), decider.initialState());
    expect(event.data).not.toHaveProperty('point');
    expect(event.data).not.toHaveProperty('districtCode');
  });

  it.each([
    ['location.lat', { lat: 90.5, lng: 120 }],
    ['location.lat', { lat: -91, lng: 120 }],
    ['location.lng', { lat: 28, lng: 180.01 }],
    ['location.lng', { lat: 28, lng: -200 }],
    ['location.lat', { lat: Number.NaN, lng: 120 }],
    ['location.lng', { lat: 28, lng: '120' }],
  ])('refuses %s out of range or not a number (%j), naming the field', (field, point) => {
    given([])
      .when(submit({ point }))
      .thenThrows(InvalidCommandError, new RegExp(`^${field.replace('.', '\\.')}: must be a number from`));
  });

  it('refuses a district code that is not 6 or 9 digits', () => {
    given([])
      .when(submit({ districtCode: '3303' }))
      .thenThrows(InvalidCommandError, /^location\.districtCode: /);
  });

  it('folds an old PetitionSubmitted without point or district, and the life goes on from it', () => {
    const old = ev.submitted();
    expect(old.data).not.toHaveProperty('point');
    const stored: PetitionEvent = JSON.parse(JSON.stringify(old)) as PetitionEvent;
    given([stored, ...history.accepted().slice(1)])
      .when(command('DispatchPetition', { departmentId: 'dept-water' }, { now: T.submitted, actor: actors.reviewer }))
      .thenState({ status: 'dispatched', departmentId: 'dept-water' });
  });
});
