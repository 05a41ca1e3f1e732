import { EventToAppend, GENESIS_HASH, chainLinks } from '@wenzheng/event-store';
import type { PetitionEvent } from '@wenzheng/petition';
import type { GeneratedCase } from './lifecycle';

/** The codec's encode (PetitionEventCodec): the stored form of an event, personal data sealed. */
export type Encoder = (event: PetitionEvent, petitionId: string) => Promise<{ type: string; data: unknown }>;

/** Without data keys the codec stores events as decided; so does this. */
export const plain: Encoder = async (event) => ({ type: event.type, data: event.data });

/**
 * A generated case as PetitionCommandRunner stores it: each event through the codec, then
 * hash = chainHash(previous, stored form), so `npm run verify` and erasure treat it like any other.
 */
export async function storedEvents(c: GeneratedCase, encode: Encoder = plain): Promise<EventToAppend[]> {
  const stamped = [];
  for (const step of c.steps) {
    for (const e of step.events) {
      const stored = await encode(e.event, c.petitionId);
      stamped.push({ id: e.id, type: stored.type, data: stored.data, metadata: { ...e.metadata } });
    }
  }
  return chainLinks(GENESIS_HASH, stamped);
}
