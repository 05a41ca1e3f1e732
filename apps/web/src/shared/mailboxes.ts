import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { Schemas } from '../api/types';

export type PublicMailbox = Schemas['PublicMailboxView'];
type SubmitAddressee = Schemas['SubmitPetitionDto']['addressee'];

/** The leaders' mailboxes (领导信箱) open for letters, in the order the admin set; they change rarely. */
export function useMailboxes() {
  return useQuery({ queryKey: ['mailboxes'], queryFn: () => unwrap(api.GET('/api/public/mailboxes')), staleTime: Infinity });
}

/** The mailboxes a citizen may pick for an addressee type: those filed under it (none for a department or 综合信箱). */
export function mailboxesFor(mailboxes: readonly PublicMailbox[] | undefined, type: string | undefined): PublicMailbox[] {
  return (mailboxes ?? []).filter((box) => box.addresseeType === type);
}

/**
 * The addressee as the API takes it: a department's id only with type department, a mailbox only when it
 * is one of the type's (a choice left over from another type is dropped rather than refused by the API).
 */
export function addresseeBody(
  addressee: { type: SubmitAddressee['type']; departmentId?: string; mailboxId?: string },
  mailboxes: readonly PublicMailbox[] | undefined,
): SubmitAddressee {
  if (addressee.type === 'department') return { type: 'department', departmentId: addressee.departmentId };
  const mailboxId = mailboxesFor(mailboxes, addressee.type).some((box) => box.id === addressee.mailboxId) ? addressee.mailboxId : undefined;
  return { type: addressee.type, ...(mailboxId && { mailboxId }) };
}
