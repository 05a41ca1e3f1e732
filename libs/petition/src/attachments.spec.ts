import { decider } from './decider';
import { InvalidCommandError } from './errors';
import { DeciderSpecification } from './testing/decider-spec';
import { actors, command, history, local, submitData } from './testing/fixtures';
import { AttachmentRef } from './vocabulary';
import type { PetitionCommand } from './commands';
import type { PetitionEvent } from './events';

const given = DeciderSpecification.for(decider);
const decide = (events: readonly PetitionEvent[], c: PetitionCommand) =>
  decider.decide(c, events.reduce(decider.evolve, decider.initialState()));
const now = local('2026-03-05T12:00');
const photo: AttachmentRef = {
  id: '0b9f3c6e-2f4d-4a8e-9c1d-5e7a8b9c0d1e',
  contentType: 'image/jpeg',
  size: 48213,
  sha256: 'a'.repeat(64),
};
const submitWith = (attachments: unknown) =>
  command('SubmitPetition', { ...submitData(), attachments: attachments as AttachmentRef[] }, { now, actor: actors.citizen });

describe('attachments on a submission, a comment and an answer', () => {
  it('the events record each attachment as id, type, size and SHA-256, nothing more', () => {
    const [submitted] = decide([], submitWith([{ ...photo, name: '张伟家.jpg' }]));
    expect(submitted.data).toMatchObject({ attachments: [photo] });
    expect((submitted.data as unknown as { attachments: object[] }).attachments[0]).not.toHaveProperty('name');
    const [commented] = decide(
      history.accepted(),
      command('CommentOnPetition', { text: '同问', author: '网友a1b2', attachments: [photo] }, { now, actor: actors.stranger }),
    );
    expect(commented.data).toMatchObject({ attachments: [photo] });
  });

  it('none (or an empty list) leaves the field out, as in the events written before attachments', () => {
    const [submitted] = decide([], submitWith([]));
    expect(submitted.data).not.toHaveProperty('attachments');
  });

  it.each([
    ['attachments[0].id', [{ ...photo, id: 'photo.jpg' }]],
    ['attachments[1].id', [photo, photo]],
    ['attachments[0].size', [{ ...photo, size: -1 }]],
    ['attachments[0].sha256', [{ ...photo, sha256: 'XYZ' }]],
    ['attachments[0].contentType', [{ ...photo, contentType: '' }]],
  ])('refuses a malformed reference, naming %s', (field, attachments) => {
    given([])
      .when(submitWith(attachments))
      .thenThrows(InvalidCommandError, new RegExp(field.replace(/[[\].]/g, '\\$&')));
  });
});
