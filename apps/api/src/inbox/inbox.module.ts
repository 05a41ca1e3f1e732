import { Module } from '@nestjs/common';
import { PetitionsModule } from '../petitions/petitions.module';
import { SupervisorInboxReader } from '@wenzheng/read-models';
import { SupervisorInboxController } from './supervisor-inbox/supervisor-inbox.controller';
import { SupervisorInboxHandler } from './supervisor-inbox/supervisor-inbox.handler';

/** Inboxes of the offices over their projections (the supervision office's: supervisor_inbox). */
@Module({
  imports: [PetitionsModule], // the Clock
  controllers: [SupervisorInboxController],
  providers: [SupervisorInboxReader, SupervisorInboxHandler],
})
export class InboxModule {}
