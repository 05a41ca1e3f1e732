import type { RecordedEvent } from '@wenzheng/event-store';
import type { AttachmentRef, PetitionEvent } from '@wenzheng/petition';
import { PERSONAL_DATA_ERASED } from '@wenzheng/platform-events';

/** Where an attachment came from: the submission, a comment (by its event id, the id the public page shows) or the answer. */
export type AttachmentSource =
  { readonly on: 'submission' } | { readonly on: 'comment'; readonly commentId: string } | { readonly on: 'answer' };

export interface CaseAttachment extends AttachmentRef {
  readonly source: AttachmentSource;
  readonly at: string;
}

/**
 * The attachments a case's events recorded, oldest first. Those recorded before an erasure are left
 * out: their blobs are deleted, and the events (immutable, replayed by every rebuild) must not bring
 * them back as links.
 */
export function caseAttachments(recorded: readonly RecordedEvent[], events: readonly PetitionEvent[]): CaseAttachment[] {
  const erasedAt = recorded.reduce((last, r, i) => (r.type === PERSONAL_DATA_ERASED ? i : last), -1);
  const out: CaseAttachment[] = [];
  events.forEach((e, i) => {
    if (i <= erasedAt) return;
    const source: AttachmentSource | undefined =
      e.type === 'PetitionSubmitted'
        ? { on: 'submission' }
        : e.type === 'PetitionCommented'
          ? { on: 'comment', commentId: recorded[i].id }
          : e.type === 'PetitionResponded'
            ? { on: 'answer' }
            : undefined;
    const list = source && (e.data as { attachments?: readonly AttachmentRef[] }).attachments;
    for (const a of list ?? [])
      out.push({ id: a.id, contentType: a.contentType, size: a.size, sha256: a.sha256, source: source!, at: e.data.at });
  });
  return out;
}
