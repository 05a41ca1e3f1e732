import { Command } from '@nestjs/cqrs';
import type { CommandMeta, CommandResult } from './petition-command-runner';

/** The Nest command of a use case on an existing petition: which case, the validated body, who and which commandId. */
export abstract class PetitionCommandMessage<Body = Record<string, never>> extends Command<CommandResult> {
  constructor(
    readonly petitionId: string,
    readonly body: Body,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
