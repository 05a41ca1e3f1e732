import type { Actor } from './vocabulary';
import { decider } from './decider';
import { IllegalStateError, InvalidCommandError, NotFoundError, ForbiddenError, RuleViolationError } from './errors';
import { DeciderSpecification } from './testing/decider-spec';
import { OTHER_PETITION_ID, PETITION_ID, SUBMITTER, T, actors, command, history, submitData } from './testing/fixtures';

const given = DeciderSpecification.for(decider);

describe('SubmitPetition', () => {
  it('records the submission with the personal data in one citizen object', () => {
    given([])
      .when(command('SubmitPetition', { ...submitData(), location: '鹿城区某小区' }, { now: T.submitted, actor: actors.citizen }))
      .then([
        {
          type: 'PetitionSubmitted',
          data: {
            petitionId: PETITION_ID,
            trackingCode: 'WZ-20260302-0001',
            channel: 'web',
            kind: 'complaint',
            addressee: { type: 'mayor' },
            title: '小区自来水发黄',
            content: '某小区自来水连续三天发黄，请尽快处理。',
            location: '鹿城区某小区',
            citizen: { name: '张三', phone: '13800000000' },
            publicConsent: true,
            submitter: SUBMITTER,
            at: '2026-03-02T01:00:00.000Z',
          },
        },
      ]);
  });

  it("records the category the submitter asked for (Open311's service_code) as the case's, until the reviewer sets another", () => {
    const asked = { ...submitData(), requestedCategoryId: 'cat-roads' };
    const submit = command('SubmitPetition', asked, { now: T.submitted, actor: actors.citizen });
    given([]).when(submit).thenState({ status: 'submitted', categoryId: 'cat-roads' });
    const [submitted] = decider.decide(submit, decider.initialState());
    expect(submitted.data).toMatchObject({ requestedCategoryId: 'cat-roads' });
    const review = (categoryId?: string) =>
      command('ReviewPetition', { outcome: 'accepted', ...(categoryId && { categoryId }) }, { now: T.reviewed, actor: actors.reviewer });
    given([submitted]).when(review()).thenState({ status: 'accepted', categoryId: 'cat-roads' });
    given([submitted]).when(review('cat-water')).thenState({ status: 'accepted', categoryId: 'cat-water' });
    given([])
      .when(command('SubmitPetition', { ...asked, requestedCategoryId: ' ' }, { now: T.submitted, actor: actors.citizen }))
      .thenThrows(InvalidCommandError, 'requestedCategoryId');
  });

  it('folds into a submitted case that holds no personal data', () => {
    const state = given([])
      .when(command('SubmitPetition', submitData(), { now: T.submitted, actor: actors.citizen }))
      .thenState({ status: 'submitted', petitionId: PETITION_ID, kind: 'complaint', submitter: SUBMITTER, publicConsent: true });
    expect(JSON.stringify(state)).not.toContain('13800000000');
  });

  it('takes a 12345 call from the hotline office only (it keeps the key: 回访 is then the office’s)', () => {
    const call = (actor: Actor) =>
      command(
        'SubmitPetition',
        { ...submitData(), channel: 'hotline_12345', submitter: { accessKeyHash: 'sha256:office' } },
        { now: T.submitted, actor },
      );
    for (const actor of [{ id: 'anonymous', role: 'citizen' } as Actor, actors.citizen, actors.handler, actors.supervisor])
      given([])
        .when(call(actor))
        .thenThrows(
          ForbiddenError,
          /^cannot submit a 12345 call \(the hotline office enters it\): role \w+ may not \(requires reviewer or system\)$/,
        );
    given([]).when(call(actors.reviewer)).thenState({ status: 'submitted', channel: 'hotline_12345' });
  });

  it('accepts an anonymous submission (access key only) addressed to a department, without publication consent', () => {
    given([])
      .when(
        command(
          'SubmitPetition',
          {
            ...submitData(),
            channel: 'wechat',
            addressee: { type: 'department', departmentId: 'dept-water' },
            publicConsent: false,
            submitter: { accessKeyHash: 'sha256:anon' },
          },
          { now: T.submitted, actor: { id: 'anonymous', role: 'citizen' } },
        ),
      )
      .thenState({ status: 'submitted', publicConsent: false, submitter: { accessKeyHash: 'sha256:anon' } });
  });

  it('is refused on an existing case without naming its state (the application dedupes resubmission by command id before decide)', () => {
    given(history.submitted())
      .when(command('SubmitPetition', submitData(), { now: T.submitted, actor: actors.citizen }))
      .thenThrows(RuleViolationError, 'id: already taken by another case (leave it out, or choose another)');
  });

  it('requires the departmentId of a department addressee', () => {
    given([])
      .when(command('SubmitPetition', { ...submitData(), addressee: { type: 'department' } }, { now: T.submitted, actor: actors.citizen }))
      .thenThrows(InvalidCommandError, /^addressee\.departmentId: /);
  });

  it.each([
    ['title', { title: '  ' }],
    ['content', { content: '' }],
    ['trackingCode', { trackingCode: '' }],
    ['citizen.name', { citizen: { name: '', phone: '13800000000' } }],
    ['citizen.phone', { citizen: { name: '张三', phone: ' ' } }],
    ['submitter.accessKeyHash', { submitter: { accessKeyHash: '' } }],
    ['kind', { kind: 'rumour' }],
    ['channel', { channel: 'fax' }],
  ])('refuses a blank or unknown %s', (field, patch) => {
    given([])
      .when(command('SubmitPetition', { ...submitData(), ...(patch as object) }, { now: T.submitted, actor: actors.citizen }))
      .thenThrows(InvalidCommandError, new RegExp(`^${field.replace('.', '\\.')}: `));
  });

  it('refuses an invalid clock', () => {
    given([])
      .when(command('SubmitPetition', submitData(), { now: new Date('nonsense'), actor: actors.citizen }))
      .thenThrows(InvalidCommandError, /context\.now/);
  });
});

describe('commands on a case that does not exist', () => {
  it('are refused as not found', () => {
    given([])
      .when(command('ReviewPetition', { outcome: 'accepted' }, { now: T.reviewed, actor: actors.reviewer }))
      .thenThrows(NotFoundError, `cannot review: petition ${PETITION_ID} does not exist`);
  });

  it('must address the case they are decided on', () => {
    given(history.submitted())
      .when(command('ReviewPetition', { petitionId: OTHER_PETITION_ID, outcome: 'accepted' }, { now: T.reviewed, actor: actors.reviewer }))
      .thenThrows(InvalidCommandError, /^petitionId: /);
  });
});

describe('ReviewPetition', () => {
  it('accepts with a category and confidentiality', () => {
    given(history.submitted())
      .when(
        command(
          'ReviewPetition',
          { outcome: 'accepted', categoryId: 'water-supply', confidential: true },
          { now: T.reviewed, actor: actors.reviewer },
        ),
      )
      .then([
        {
          type: 'PetitionReviewed',
          data: {
            petitionId: PETITION_ID,
            outcome: 'accepted',
            categoryId: 'water-supply',
            confidential: true,
            at: T.reviewed.toISOString(),
          },
        },
      ]);
  });

  it('moves the case to accepted', () => {
    given(history.submitted())
      .when(command('ReviewPetition', { outcome: 'accepted' }, { now: T.reviewed, actor: actors.reviewer }))
      .thenState({ status: 'accepted', confidential: false });
  });

  it('rejects with a reason and closes the case at once', () => {
    const at = T.reviewed.toISOString();
    given(history.submitted())
      .when(command('ReviewPetition', { outcome: 'rejected', reason: '不属于受理范围' }, { now: T.reviewed, actor: actors.reviewer }))
      .then([
        {
          type: 'PetitionReviewed',
          data: { petitionId: PETITION_ID, outcome: 'rejected', reason: '不属于受理范围', confidential: false, at },
        },
        { type: 'PetitionClosed', data: { petitionId: PETITION_ID, reason: 'rejected', at } },
      ]);
  });

  it('merges a duplicate into the original and closes it', () => {
    const at = T.reviewed.toISOString();
    const review = command(
      'ReviewPetition',
      { outcome: 'duplicate', reason: '重复件', duplicateOf: OTHER_PETITION_ID },
      { now: T.reviewed, actor: actors.reviewer },
    );
    given(history.submitted())
      .when(review)
      .then([
        {
          type: 'PetitionReviewed',
          data: {
            petitionId: PETITION_ID,
            outcome: 'duplicate',
            reason: '重复件',
            confidential: false,
            duplicateOf: OTHER_PETITION_ID,
            at,
          },
        },
        { type: 'PetitionClosed', data: { petitionId: PETITION_ID, reason: 'duplicate', at } },
      ]);
    given(history.submitted()).when(review).thenState({ status: 'closed', closeReason: 'duplicate' });
  });

  it.each(['rejected', 'duplicate'] as const)('requires a reason when %s', (outcome) => {
    given(history.submitted())
      .when(command('ReviewPetition', { outcome, duplicateOf: OTHER_PETITION_ID }, { now: T.reviewed, actor: actors.reviewer }))
      .thenThrows(InvalidCommandError, /^reason: is required/);
  });

  it('requires duplicateOf for a duplicate', () => {
    given(history.submitted())
      .when(command('ReviewPetition', { outcome: 'duplicate', reason: '重复件' }, { now: T.reviewed, actor: actors.reviewer }))
      .thenThrows(InvalidCommandError, /^duplicateOf: is required/);
  });

  it('refuses a petition as its own duplicate', () => {
    given(history.submitted())
      .when(
        command(
          'ReviewPetition',
          { outcome: 'duplicate', reason: '重复件', duplicateOf: PETITION_ID },
          { now: T.reviewed, actor: actors.reviewer },
        ),
      )
      .thenThrows(InvalidCommandError, /^duplicateOf: a petition cannot duplicate itself/);
  });

  it('refuses duplicateOf with another outcome', () => {
    given(history.submitted())
      .when(command('ReviewPetition', { outcome: 'accepted', duplicateOf: OTHER_PETITION_ID }, { now: T.reviewed, actor: actors.reviewer }))
      .thenThrows(InvalidCommandError, /^duplicateOf: is only allowed/);
  });

  it.each([actors.handler, actors.supervisor, actors.admin, actors.system, actors.citizen])('is for reviewers only, not $role', (actor) => {
    given(history.submitted())
      .when(command('ReviewPetition', { outcome: 'accepted' }, { now: T.reviewed, actor }))
      .thenThrows(ForbiddenError, `cannot review: role ${actor.role} may not (requires reviewer)`);
  });

  it('happens once', () => {
    given(history.accepted())
      .when(command('ReviewPetition', { outcome: 'accepted' }, { now: T.reviewed, actor: actors.reviewer }))
      .thenThrows(IllegalStateError, 'cannot review: petition is accepted (it has already been reviewed)');
  });

  it('is refused on a closed case', () => {
    given(history.closedRejected())
      .when(command('ReviewPetition', { outcome: 'accepted' }, { now: T.reviewed, actor: actors.reviewer }))
      .thenThrows(IllegalStateError, /petition is closed/);
  });
});
