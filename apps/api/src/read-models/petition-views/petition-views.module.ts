import { Inject, Module, OnModuleInit } from '@nestjs/common';
import type { EventStore } from '@wenzheng/event-store';
import { PetitionEventCodec } from '../../petitions/shared/petition-event-codec';
import { EVENT_STORE } from '../../tokens';
import { citizenNamesFromStore } from './citizen-names';
import { petitionViews } from './index';

/**
 * Gives the petition_views projection its way to the citizen's name for text published after
 * submission (answers, ratings, comments). Runs at module init, before the projector starts at
 * application bootstrap. Needs only the global runtime and petition-storage providers, so any
 * process that runs the projector (API or apps/projector) can import it.
 */
@Module({})
export class PetitionViewsModule implements OnModuleInit {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly codec: PetitionEventCodec,
  ) {}

  onModuleInit(): void {
    petitionViews.useCitizenNames(citizenNamesFromStore(this.store, (r) => this.codec.decode(r)));
  }
}
