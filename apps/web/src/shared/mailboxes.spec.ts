import { describe, expect, it } from 'vitest';
import { addresseeBody, mailboxesFor, type PublicMailbox } from './mailboxes';

const MAILBOXES: PublicMailbox[] = [
  { id: 'mayor', title: '市长信箱', addresseeType: 'mayor' },
  { id: 'vice-mayor-urban', title: '分管城建副市长信箱', addresseeType: 'mayor' },
  { id: 'party-secretary', title: '市委书记信箱', addresseeType: 'secretary' },
];

describe('the submit form’s 信箱 select', () => {
  it('offers the mailboxes of the chosen leader, none for a department or 综合信箱', () => {
    expect(mailboxesFor(MAILBOXES, 'mayor').map((b) => b.id)).toEqual(['mayor', 'vice-mayor-urban']);
    expect(mailboxesFor(MAILBOXES, 'secretary').map((b) => b.id)).toEqual(['party-secretary']);
    expect(mailboxesFor(MAILBOXES, 'department')).toEqual([]);
    expect(mailboxesFor(MAILBOXES, 'general')).toEqual([]);
    expect(mailboxesFor(undefined, 'mayor')).toEqual([]);
  });

  it('sends the mailbox with its own leader type only', () => {
    expect(addresseeBody({ type: 'mayor', mailboxId: 'vice-mayor-urban' }, MAILBOXES)).toEqual({
      type: 'mayor',
      mailboxId: 'vice-mayor-urban',
    });
    // Picked under 市长, then the citizen switched to 书记: the stale choice is not sent.
    expect(addresseeBody({ type: 'secretary', mailboxId: 'vice-mayor-urban' }, MAILBOXES)).toEqual({ type: 'secretary' });
    expect(addresseeBody({ type: 'mayor' }, MAILBOXES)).toEqual({ type: 'mayor' });
    expect(addresseeBody({ type: 'department', departmentId: 'd1', mailboxId: 'mayor' }, MAILBOXES)).toEqual({
      type: 'department',
      departmentId: 'd1',
    });
    // The list not loaded yet: nothing unverified is sent.
    expect(addresseeBody({ type: 'mayor', mailboxId: 'mayor' }, undefined)).toEqual({ type: 'mayor' });
  });
});
