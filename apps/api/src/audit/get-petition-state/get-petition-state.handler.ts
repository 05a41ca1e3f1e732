import { NotFoundException } from '@nestjs/common';
import { citizenNamesIn } from '@wenzheng/petition-store';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { fold, isPetitionEvent } from '@wenzheng/petition';
import { PetitionView, maskPetitionView, petitionView } from '../../petitions/get-petition/petition-view';
import { showsPersonalData } from '../shared/audit-reader';
import { CaseHistoryReader, occurredAt } from '../shared/case-history-reader';
import { PersonalDataAccessLog } from '../shared/personal-data-access-log';
import { GetPetitionStateQuery } from './get-petition-state.query';

export const GET_PETITION_STATE_ROUTE = 'GET /api/audit/petitions/:id/state';

export interface PetitionStateAt extends PetitionView {
  /** The instant asked about. */
  readonly at: string;
  readonly personalData: 'masked' | 'shown';
  /** The last event folded: the case stood like this from its occurredAt until the next event. */
  readonly asOf: { readonly revision: number; readonly eventId: string; readonly type: string; readonly occurredAt: string };
  /** The stream's revision today, to see how much happened since. */
  readonly currentRevision: number;
}

/**
 * Time travel (Marten's AggregateStream(at)): fold the events that had happened by `at`. The
 * stream is cut at the first event after `at`, so the fold is always over a prefix of the stream.
 */
@QueryHandler(GetPetitionStateQuery)
export class GetPetitionStateHandler implements IQueryHandler<GetPetitionStateQuery, PetitionStateAt> {
  constructor(
    private readonly history: CaseHistoryReader,
    private readonly accessLog: PersonalDataAccessLog,
  ) {}

  async execute({ petitionId, at, reader }: GetPetitionStateQuery): Promise<PetitionStateAt> {
    const { recorded, events } = await this.history.load(petitionId);
    if (!recorded.length) throw new NotFoundException(`petition ${petitionId} not found`);
    let n = 0;
    while (n < recorded.length && occurredAt(recorded[n]).getTime() <= at.getTime()) n++;
    // Platform events in the stream (PersonalDataErased) are history, not decider input.
    const state = fold(events.slice(0, n).filter(isPetitionEvent));
    if (state.status === 'initial') {
      throw new NotFoundException(
        `petition ${petitionId} did not exist yet at ${at.toISOString()} (submitted ${occurredAt(recorded[0]).toISOString()})`,
      );
    }
    const show = showsPersonalData(reader);
    if (show) {
      await this.accessLog.record(
        {
          sub: reader.principal.sub,
          roles: reader.principal.roles,
          petitionId,
          route: GET_PETITION_STATE_ROUTE,
          reason: reader.reason,
        },
        citizenNamesIn(events),
      );
    }
    const view = petitionView(petitionId, state, events.slice(0, n), recorded.slice(0, n));
    const last = recorded[n - 1];
    return {
      // Same masks as the events route: every free text redacted, the ID number replaced rather than dropped.
      ...(show ? view : maskPetitionView(view)),
      at: at.toISOString(),
      personalData: show ? 'shown' : 'masked',
      asOf: { revision: Number(last.revision), eventId: last.id, type: last.type, occurredAt: occurredAt(last).toISOString() },
      currentRevision: Number(recorded[recorded.length - 1].revision),
    };
  }
}
