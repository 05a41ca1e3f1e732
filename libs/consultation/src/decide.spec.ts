import { consultationDecider } from './decider';
import {
  ConsultationForbiddenError,
  ConsultationNotFoundError,
  ConsultationRuleError,
  ConsultationStateError,
  InvalidConsultationCommandError,
} from './errors';
import { CONSULTATION_EVENT_TYPES, FeedbackItem, consultationStream, isConsultationEvent } from './events';
import { summaryOverdue } from './policy';
import { DeciderSpecification } from './testing/decider-spec';
import {
  CONSULTATION_ID,
  OPINION_ID,
  PRIVATE_OPINION_ID,
  ROADS,
  T,
  WATER,
  actors,
  command,
  endOf,
  ev,
  history,
  local,
} from './testing/fixtures';

const given = DeciderSpecification.for(consultationDecider);
const iso = (d: Date) => d.toISOString();

describe('PublishConsultation', () => {
  const publish = (
    o: Partial<{ opensAt: Date; closesAt: Date; departmentId: string; attachments: { name: string; url: string }[] }> = {},
    actor: (typeof actors)[keyof typeof actors] = actors.handler,
  ) =>
    command(
      'PublishConsultation',
      {
        departmentId: o.departmentId ?? WATER,
        title: '城市供水条例（征求意见稿）',
        draft: '第一条 ……',
        opensAt: o.opensAt ?? T.opensAt,
        closesAt: o.closesAt ?? T.closesAt,
        ...(o.attachments ? { attachments: o.attachments } : {}),
      },
      { now: T.published, actor },
    );

  it('publishes the draft with the summary due 15 working days after closing (docs: participation)', () =>
    given([]).when(publish()).then([ev.published()]));

  it('an administrator may publish for any department', () => given([]).when(publish({}, actors.admin)).then([ev.published()]));

  it('staff of another department may not', () => given([]).when(publish({}, actors.otherHandler)).thenThrows(ConsultationForbiddenError));

  it('a citizen may not', () => given([]).when(publish({}, actors.citizen)).thenThrows(ConsultationForbiddenError));

  it('closesAt must follow opensAt', () =>
    given([])
      .when(publish({ closesAt: T.opensAt }))
      .thenThrows(InvalidConsultationCommandError, /^closesAt: must be after opensAt/));

  it('closesAt must be in the future', () =>
    given([])
      .when(publish({ opensAt: local('2026-02-01T00:00'), closesAt: local('2026-03-01T00:00') }))
      .thenThrows(InvalidConsultationCommandError, /^closesAt: must be in the future/));

  it('the summary due date skips weekends and holidays (Qingming 2026)', () => {
    const [e] = consultationDecider.decide(publish(), consultationDecider.initialState());
    expect((e.data as { summaryDueBy: string }).summaryDueBy).toBe(endOf('2026-04-07'));
  });

  it('with the documents published beside the draft; none recorded when the list is empty', () => {
    const pdf = { name: '全文.pdf', url: 'https://www.example.gov.cn/draft.pdf' };
    given([])
      .when(publish({ attachments: [pdf] }))
      .then([{ ...ev.published(), data: { ...ev.published().data, attachments: [pdf] } } as ReturnType<typeof ev.published>]);
    given([])
      .when(publish({ attachments: [] }))
      .then([ev.published()]);
  });

  it('one link listed twice is refused, naming the entry', () => {
    const pdf = { name: '全文.pdf', url: 'https://www.example.gov.cn/draft.pdf' };
    given([])
      .when(publish({ attachments: [pdf, { ...pdf, name: '说明' }] }))
      .thenThrows(InvalidConsultationCommandError, /^attachments\[1\]\.url: is listed twice/);
  });

  it('only once', () =>
    given(history.open())
      .when(publish())
      .thenThrows(ConsultationStateError, /consultation is open/));
});

describe('SubmitOpinion', () => {
  const submit = (now: Date, o: { private?: boolean; author?: string } = {}) =>
    command(
      'SubmitOpinion',
      { opinionId: 'new-opinion', text: '建议延长听证期', private: o.private ?? false, ...(o.author ? { author: o.author } : {}) },
      { now, actor: actors.anonymous },
    );

  it('anonymous during the period', () =>
    given([ev.published()])
      .when(submit(T.during))
      .then([ev.opinion({ opinionId: 'new-opinion' })]));

  it('signed in, private: the author is recorded and the opinion marked private', () =>
    given([ev.published()])
      .when(submit(T.during, { private: true, author: 'citizen-1' }))
      .then([ev.opinion({ opinionId: 'new-opinion', private: true, author: 'citizen-1' })]));

  it('not before the period opens (409)', () =>
    given([ev.published()])
      .when(submit(local('2026-03-02T08:59')))
      .thenThrows(ConsultationRuleError, /opinions are taken from/));

  it('not at closesAt, even before the consultation is closed (409)', () =>
    given([ev.published()])
      .when(submit(T.closesAt))
      .thenThrows(ConsultationRuleError, /opinions are taken from/));

  it('not once closed', () =>
    given(history.closed())
      .when(submit(T.during))
      .thenThrows(ConsultationStateError, /consultation is closed/));

  it('not on a consultation never published (404)', () => given([]).when(submit(T.during)).thenThrows(ConsultationNotFoundError));

  it('the same opinion id twice appends nothing', () =>
    given([ev.published(), ev.opinion({ opinionId: 'new-opinion' })])
      .when(submit(T.during))
      .thenNothing());
});

describe('ModerateOpinion', () => {
  const moderate = (
    decision: 'published' | 'rejected',
    opinionId = OPINION_ID,
    actor: (typeof actors)[keyof typeof actors] = actors.handler,
  ) =>
    command(
      'ModerateOpinion',
      { opinionId, decision, ...(decision === 'rejected' ? { reason: '与本草案无关' } : {}) },
      { now: T.during, actor },
    );

  it('publishes a pending opinion', () =>
    given(history.open())
      .when(moderate('published'))
      .then([ev.moderated('published')]));

  it('rejects with a reason', () =>
    given(history.open())
      .when(moderate('rejected'))
      .then([
        {
          type: 'OpinionModerated',
          data: { consultationId: CONSULTATION_ID, at: iso(T.during), opinionId: OPINION_ID, decision: 'rejected', reason: '与本草案无关' },
        },
      ]));

  it('a private opinion is never published', () =>
    given(history.open())
      .when(moderate('published', PRIVATE_OPINION_ID))
      .thenThrows(ConsultationRuleError, /private/));

  it('a private opinion may be rejected (it stays counted)', () =>
    given(history.open())
      .when(moderate('rejected', PRIVATE_OPINION_ID))
      .then([
        {
          type: 'OpinionModerated',
          data: {
            consultationId: CONSULTATION_ID,
            at: iso(T.during),
            opinionId: PRIVATE_OPINION_ID,
            decision: 'rejected',
            reason: '与本草案无关',
          },
        },
      ]));

  it('once only', () =>
    given([...history.open(), ev.moderated('published')])
      .when(moderate('rejected'))
      .thenThrows(ConsultationRuleError, /already published/));

  it('an unknown opinion is 404', () =>
    given(history.open())
      .when(moderate('published', 'nope'))
      .thenThrows(ConsultationNotFoundError, /opinion nope/));

  it('staff of another department may not', () =>
    given(history.open())
      .when(moderate('published', OPINION_ID, actors.otherHandler))
      .thenThrows(ConsultationForbiddenError));

  it('still after closing (opinions received at the end)', () =>
    given(history.closed())
      .when(moderate('published'))
      .then([ev.moderated('published')]));
});

describe('CloseConsultation', () => {
  it('the system closes once the period is over', () =>
    given(history.open())
      .when(command('CloseConsultation', {}, { now: T.afterClose, actor: actors.system }))
      .then([ev.closed()]));

  it('staff close by hand, not automatic', () =>
    given(history.open())
      .when(command('CloseConsultation', {}, { now: T.afterClose, actor: actors.handler }))
      .then([{ type: 'ConsultationClosed', data: { consultationId: CONSULTATION_ID, at: iso(T.afterClose), automatic: false } }]));

  it('not while the period runs', () =>
    given(history.open())
      .when(command('CloseConsultation', {}, { now: T.during, actor: actors.handler }))
      .thenThrows(ConsultationRuleError, /period runs until/));

  it('another department may not', () =>
    given(history.open())
      .when(command('CloseConsultation', {}, { now: T.afterClose, actor: actors.otherHandler }))
      .thenThrows(ConsultationForbiddenError));

  it('another department is refused before the status is looked at: 403, not 409, to close or summarise a closed one', () => {
    given(history.closed())
      .when(command('CloseConsultation', {}, { now: T.afterClose, actor: actors.otherHandler }))
      .thenThrows(ConsultationForbiddenError);
    given(history.open())
      .when(command('PublishFeedbackSummary', { items: [], text: 'x' }, { now: T.during, actor: actors.otherHandler }))
      .thenThrows(ConsultationForbiddenError);
  });
});

describe('PublishFeedbackSummary', () => {
  const items: FeedbackItem[] = [
    { opinionId: OPINION_ID, topic: '听证期', outcome: 'adopted', reason: '已将听证期延长至30日' },
    { topic: '水价', outcome: 'not_adopted', reason: '水价另行听证' },
  ];
  const summary = (now: Date, its: FeedbackItem[] = items) =>
    command('PublishFeedbackSummary', { items: its, text: '共收到意见2条' }, { now, actor: actors.handler });

  it('after closing, on time', () =>
    given(history.closed())
      .when(summary(T.afterClose))
      .then([
        {
          type: 'FeedbackSummaryPublished',
          data: { consultationId: CONSULTATION_ID, at: iso(T.afterClose), departmentId: WATER, items, text: '共收到意见2条', late: false },
        },
      ]));

  it('late after summaryDueBy', () =>
    given([...history.closed(), ev.overdue()])
      .when(summary(T.overdue))
      .then([
        {
          type: 'FeedbackSummaryPublished',
          data: { consultationId: CONSULTATION_ID, at: iso(T.overdue), departmentId: WATER, items, text: '共收到意见2条', late: true },
        },
      ]));

  it('an item naming an opinion this consultation does not have is 400 naming the item', () =>
    given(history.closed())
      .when(summary(T.afterClose, [{ ...items[0], opinionId: 'nope' }]))
      .thenThrows(InvalidConsultationCommandError, /^items\[0\]\.opinionId/));

  it('not while open', () =>
    given(history.open())
      .when(summary(T.during))
      .thenThrows(ConsultationStateError, /consultation is open/));
  it('once', () =>
    given(history.summarised())
      .when(summary(T.afterClose))
      .thenThrows(ConsultationStateError, /consultation is summarised/));
  it('another department may not', () =>
    given(history.closed())
      .when(
        command('PublishFeedbackSummary', { items, text: 'x' }, { now: T.afterClose, actor: { ...actors.handler, departmentId: ROADS } }),
      )
      .thenThrows(ConsultationForbiddenError));
});

describe('MarkSummaryOverdue (the red light)', () => {
  const mark = (now: Date, actor: (typeof actors)[keyof typeof actors] = actors.system) =>
    command('MarkSummaryOverdue', {}, { now, actor });

  it('after summaryDueBy without a summary', () => given(history.closed()).when(mark(T.overdue)).then([ev.overdue()]));
  it('not on the last day', () =>
    given(history.closed())
      .when(mark(local('2026-04-07T23:00')))
      .thenThrows(ConsultationRuleError, /due by/));
  it('once', () =>
    given([...history.closed(), ev.overdue()])
      .when(mark(T.overdue))
      .thenNothing());
  it('never after the summary', () => given(history.summarised()).when(mark(T.overdue)).thenThrows(ConsultationStateError));
  it('only the system', () => given(history.closed()).when(mark(T.overdue, actors.admin)).thenThrows(ConsultationForbiddenError));
  it('the predicate the watcher shares', () => {
    expect(summaryOverdue(T.summaryDueBy, new Date(T.summaryDueBy))).toBe(false);
    expect(summaryOverdue(T.summaryDueBy, T.overdue)).toBe(true);
  });
});

describe('events', () => {
  it('every type is known and the stream is named per consultation', () => {
    expect(CONSULTATION_EVENT_TYPES.every((type) => isConsultationEvent({ type }))).toBe(true);
    expect(isConsultationEvent({ type: 'PetitionSubmitted' })).toBe(false);
    expect(consultationStream(CONSULTATION_ID)).toBe(`consultation-${CONSULTATION_ID}`);
  });

  it('evolve ignores an event that does not fit (no rules in evolve)', () => {
    const s = consultationDecider.evolve(consultationDecider.initialState(), ev.opinion());
    expect(s).toEqual({ status: 'initial' });
  });
});
