import type { PetitionEvent } from '@wenzheng/petition';
import type { ProjectedEvent } from '@wenzheng/projector';
import { PETITION_ID, ev, history } from '../../../petition/src/testing/fixtures';
import { StepCase, StepChange, applyToStepCase, emptyStepCase } from './public-steps.fold';

const stored = (e: { type: string; data: unknown }, revision: number): ProjectedEvent =>
  ({
    type: e.type,
    data: e.data,
    recorded: { revision: BigInt(revision), created: new Date(0), streamId: `petition-${PETITION_ID}` },
  }) as unknown as ProjectedEvent;

/** Applies events in order from revision 0 and returns every change. */
function fold(c: StepCase, events: ReadonlyArray<{ type: string; data: unknown }>, from = 0): Array<StepChange | null> {
  return events.map((e, i) => applyToStepCase(c, stored(e, from + i)));
}
const published = (changes: Array<StepChange | null>) => changes.flatMap((ch) => ch?.publish ?? []).map((s) => s.step);

describe('public steps fold', () => {
  it('holds the steps of a consented case until its acceptance, then publishes them in order', () => {
    const c = emptyStepCase(PETITION_ID);
    const [submitted, reviewed] = history.accepted();
    expect(fold(c, [submitted])).toEqual([{ publish: [], withdraw: false }]);
    expect(c.held.map((s) => s.step)).toEqual(['received']);
    const [accepted] = fold(c, [reviewed], 1);
    expect(accepted?.publish.map((s) => [s.step, s.revision])).toEqual([
      ['received', 0],
      ['accepted', 1],
    ]);
    expect(c.held).toEqual([]);
  });

  it('keeps nothing of a confidential, unconsented or rejected case', () => {
    for (const events of [
      [ev.submitted(), ev.reviewed({ confidential: true }), ev.dispatched()],
      [ev.submitted({ publicConsent: false }), ev.reviewed(), ev.dispatched()],
      history.closedRejected(),
    ] as PetitionEvent[][]) {
      const c = emptyStepCase(PETITION_ID);
      expect(published(fold(c, events))).toEqual([]);
      expect(c.held).toEqual([]);
    }
  });

  it('withdraws every published step when a later event makes the case confidential', () => {
    const c = emptyStepCase(PETITION_ID);
    expect(published(fold(c, history.dispatched()))).toEqual(['received', 'accepted', 'dispatched']);
    const [change] = fold(c, [{ type: 'PetitionReviewed', data: { ...ev.reviewed().data, confidential: true } }], 3);
    expect(change).toEqual({ publish: [], withdraw: true });
    expect(published(fold(c, [ev.acknowledged()], 4))).toEqual([]);
  });

  it('a redelivered revision changes nothing; platform events and newer types show no step', () => {
    const c = emptyStepCase(PETITION_ID);
    fold(c, history.accepted());
    expect(applyToStepCase(c, stored(ev.reviewed(), 1))).toBeNull();
    const changes = fold(
      c,
      [
        { type: 'PersonalDataErased', data: { petitionId: PETITION_ID, reason: 'PIPL' } },
        { type: 'ReporterIdentityReleased', data: { petitionId: PETITION_ID, departmentId: 'dept-water', reason: '核查' } },
        { type: 'SomethingFromTomorrow', data: {} },
      ],
      2,
    );
    expect(changes).toEqual([
      { publish: [], withdraw: false },
      { publish: [], withdraw: false },
      { publish: [], withdraw: false },
    ]);
  });

  it('shows a refused extension, a request, a red light and a comment as no step; carries no reason', () => {
    const c = emptyStepCase(PETITION_ID);
    fold(c, history.inProgress());
    const changes = fold(
      c,
      [
        ev.extensionRequested(),
        ev.extensionDecided({ approved: false, respondBy: undefined, reason: '理由不充分' }),
        ev.deadlineMissed(),
        ev.commented(),
        ev.escalated({ reason: '督办理由', automatic: true, level: 2 }),
      ],
      4,
    );
    expect(published(changes)).toEqual(['escalated']);
    expect(changes[4]?.publish[0]).toMatchObject({ automatic: true, level: 2 });
    expect(JSON.stringify(changes)).not.toMatch(/理由/);
  });
});
