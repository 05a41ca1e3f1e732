import { StreamNotFoundError, type EventStore } from '@wenzheng/event-store';
import { streamName } from '@wenzheng/petition';
import type { CitizenNameSource } from './petition-views.projection';

/** Reads each petition's first event and decodes it (decrypting, or finding the name erased). */
export function citizenNamesFromStore(
  store: EventStore,
  decode: (recorded: { type: string; data: unknown }) => Promise<{ type: string; data: unknown }>,
): CitizenNameSource {
  return async (petitionIds) => {
    const out = new Map<string, string>();
    await Promise.all(
      petitionIds.map(async (id) => {
        const [first] = await store.readStream(streamName(id), { maxCount: 1 }).catch((e: unknown) => {
          if (e instanceof StreamNotFoundError) return [];
          throw e;
        });
        if (!first) return;
        const event = await decode(first);
        const name = (event.data as { citizen?: { name?: unknown } } | null)?.citizen?.name;
        if (event.type === 'PetitionSubmitted' && typeof name === 'string' && name.trim()) out.set(id, name);
      }),
    );
    return out;
  };
}
