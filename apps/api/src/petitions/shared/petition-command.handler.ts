import { Injectable } from '@nestjs/common';
import type { AttachmentRef, CommandContext, PetitionCommand, PetitionEvent, PetitionState } from '@wenzheng/petition';
import { ReferenceDataService } from '@wenzheng/read-models';
import { RequestMeta, commandMeta } from './command-request';
import { CommandResult, PetitionCommandRunner } from '@wenzheng/command-runner';

/** What a slice may consult before deciding, for what the decider cannot see. */
export interface SliceLookups {
  readonly reference: ReferenceDataService;
  /** Another case's state (read-only: the command's own case is the runner's). */
  stateOf(petitionId: string): Promise<PetitionState>;
  /** The ids of the events of one type in a case's stream (e.g. a comment's id, which the decider does not keep). */
  eventIdsOf(petitionId: string, type: PetitionEvent['type']): Promise<string[]>;
}

/**
 * A use case on one petition, as its slice states it. `check` runs once, before the runner, and
 * refuses with a 400 naming the field what the decider cannot know (reference data, another case).
 * `toCommand` runs inside the runner on every attempt, with that attempt's context, so a retry
 * after a version conflict rebuilds the command with the same time and actor. `details` is what
 * the answer adds to `{ id, revision }`, read from the events produced (on a replay: the events
 * produced the first time).
 */
export interface PetitionCommandSlice<Input, Details extends object = object> {
  check?(petitionId: string, input: Input, lookups: SliceLookups): void | Promise<void>;
  toCommand(petitionId: string, input: Input, context: CommandContext): PetitionCommand;
  details?(result: CommandResult, input: Input): Details;
}

/** The event of that type among those a command produced. */
export function producedEvent<T extends PetitionEvent['type']>(result: CommandResult, type: T) {
  return result.events.find((e): e is Extract<PetitionEvent, { type: T }> => e.type === type);
}

/** The stored id of the event of that type among those a command produced (a comment's id is its event's). */
export function producedEventId(result: CommandResult, type: PetitionEvent['type']): string | undefined {
  const i = result.events.findIndex((e) => e.type === type);
  return i < 0 ? undefined : result.eventIds[i];
}

/** The ids of the attachments a command's events recorded: the `:attachmentId` of the attachment routes. */
export function producedAttachmentIds(result: CommandResult): string[] {
  return result.events.flatMap((e) => ((e.data as { attachments?: readonly AttachmentRef[] }).attachments ?? []).map((a) => a.id));
}

/** The answer of a command that may close the case (a rating, a withdrawal): its status and, if closed, why. */
export function statusAndCloseReason(result: CommandResult) {
  const closed = producedEvent(result, 'PetitionClosed');
  return { status: result.state.status, ...(closed ? { closeReason: closed.data.reason } : {}) };
}

/**
 * The one handler of every command slice: the actor from the route's `@Roles`, the slice's
 * check, the runner, the answer. A plain provider rather than a CommandBus handler: there is one
 * handler for all of them, so a bus would only hide which code runs.
 */
@Injectable()
export class PetitionCommandHandler {
  private readonly lookups: SliceLookups;

  constructor(
    private readonly runner: PetitionCommandRunner,
    reference: ReferenceDataService,
  ) {
    this.lookups = {
      reference,
      stateOf: async (id) => (await runner.load(id)).state,
      eventIdsOf: async (id, type) => (await runner.load(id)).recorded.filter((r) => r.type === type).map((r) => r.id),
    };
  }

  async handle<Input, Details extends object>(
    slice: PetitionCommandSlice<Input, Details>,
    petitionId: string,
    input: Input,
    request: RequestMeta,
  ) {
    const meta = commandMeta(request);
    await slice.check?.(petitionId, input, this.lookups);
    const result = await this.runner.execute(petitionId, (context) => slice.toCommand(petitionId, input, context), meta);
    return { id: petitionId, revision: result.revision, ...slice.details?.(result, input) };
  }
}
