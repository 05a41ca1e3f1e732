import { DeciderSpecification } from '../../consultation/src/testing/decider-spec';
import { InterviewActor } from './commands';
import { foldInterview, interviewDecider } from './decider';
import {
  InterviewForbiddenError,
  InterviewNotFoundError,
  InterviewRuleError,
  InterviewStateError,
  InvalidInterviewCommandError,
} from './errors';
import { INTERVIEW_EVENT_TYPES, interviewStream, isInterviewEvent } from './events';
import { GUEST, INTERVIEW_ID, Q1, Q2, Q3, T, WATER, actors, command, ev, history } from './testing/fixtures';

const given = DeciderSpecification.for(interviewDecider);

describe('ScheduleInterview', () => {
  const schedule = (
    o: Partial<{ startsAt: Date; endsAt: Date; guests: { name: string; title: string }[] }> = {},
    actor: InterviewActor = actors.handler,
  ) =>
    command(
      'ScheduleInterview',
      {
        departmentId: WATER,
        topic: '城市供水保障',
        guests: o.guests ?? [{ name: GUEST, title: '市水务局局长' }],
        startsAt: o.startsAt ?? T.startsAt,
        endsAt: o.endsAt ?? T.endsAt,
      },
      { now: T.scheduled, actor },
    );

  it('announces topic, guests and times', () => given([]).when(schedule()).then([ev.scheduled()]));
  it('an administrator may schedule for any department', () => given([]).when(schedule({}, actors.admin)).then([ev.scheduled()]));
  it('staff of another department may not', () => given([]).when(schedule({}, actors.otherHandler)).thenThrows(InterviewForbiddenError));
  it('a citizen may not', () => given([]).when(schedule({}, actors.citizen)).thenThrows(InterviewForbiddenError));
  it('endsAt after startsAt', () =>
    given([])
      .when(schedule({ endsAt: T.startsAt }))
      .thenThrows(InvalidInterviewCommandError, /^endsAt: must be after startsAt/));
  it('at least one guest, each named once', () => {
    given([])
      .when(schedule({ guests: [] }))
      .thenThrows(InvalidInterviewCommandError, /^guests:/);
    given([])
      .when(
        schedule({
          guests: [
            { name: GUEST, title: 'a' },
            { name: GUEST, title: 'b' },
          ],
        }),
      )
      .thenThrows(InvalidInterviewCommandError, /^guests\[1\]\.name: named twice/);
  });
});

describe('SubmitQuestion: before and during the session, never after', () => {
  const submit = (now: Date, questionId = 'q-new', author?: string) =>
    command('SubmitQuestion', { questionId, text: '问题', ...(author ? { author } : {}) }, { now, actor: actors.citizen });

  it('before the session, anonymous', () =>
    given([ev.scheduled()])
      .when(submit(T.before))
      .then([
        {
          type: 'InterviewQuestionSubmitted',
          data: { interviewId: INTERVIEW_ID, at: T.before.toISOString(), questionId: 'q-new', text: '问题', anonymous: true },
        },
      ]));
  it('during the session, with the account that asked', () => {
    const [e] = interviewDecider.decide(submit(T.during, 'q-new', 'citizen-1'), foldInterview(history.live()));
    expect(e.data).toMatchObject({ anonymous: false, author: 'citizen-1' });
  });
  it('after the end: 409', () =>
    given(history.ended())
      .when(submit(T.after))
      .thenThrows(InterviewStateError, /interview is ended/));
  it('the same questionId again appends nothing', () => given(history.scheduled()).when(submit(T.before, Q1)).thenNothing());
  it('to an interview never scheduled: not found', () => given([]).when(submit(T.before)).thenThrows(InterviewNotFoundError));
});

describe('moderation: approve, reject, merge, order', () => {
  const by = (actor: (typeof actors)[keyof typeof actors]) => ({ now: T.during, actor });

  it('approves a pending question', () =>
    given(history.scheduled())
      .when(command('ApproveQuestion', { questionId: Q3 }, by(actors.handler)))
      .then([ev.approved(Q3, T.during)]));
  it('only staff of the department', () =>
    given(history.scheduled())
      .when(command('ApproveQuestion', { questionId: Q3 }, by(actors.otherHandler)))
      .thenThrows(InterviewForbiddenError));
  it('a question is moderated once', () =>
    given(history.scheduled())
      .when(command('RejectQuestion', { questionId: Q1 }, by(actors.handler)))
      .thenThrows(InterviewRuleError, /already approved/));
  it('an unknown question: not found', () =>
    given(history.scheduled())
      .when(command('ApproveQuestion', { questionId: 'nope' }, by(actors.handler)))
      .thenThrows(InterviewNotFoundError));

  it('merges pending and approved questions into an approved one', () =>
    given(history.scheduled())
      .when(command('MergeQuestions', { into: Q1, questionIds: [Q2, Q3] }, by(actors.handler)))
      .then([ev.merged(Q1, [Q2, Q3])]));
  it('merging into a pending question is refused', () =>
    given(history.scheduled())
      .when(command('MergeQuestions', { into: Q3, questionIds: [Q1] }, by(actors.handler)))
      .thenThrows(InterviewRuleError, /approve it first/));
  it('names the bad entry of questionIds', () =>
    given(history.scheduled())
      .when(command('MergeQuestions', { into: Q1, questionIds: [Q2, 'nope'] }, by(actors.handler)))
      .thenThrows(InvalidInterviewCommandError, /^questionIds\[1\]: no such question/));
  it('a merged question can no longer be answered (its target is)', () =>
    given([...history.scheduled(), ev.merged(Q1, [Q2]), ev.started()])
      .when(command('AnswerQuestion', { questionId: Q2, answerId: 'a', guest: GUEST, text: '答' }, by(actors.handler)))
      .thenThrows(InterviewRuleError, /question is merged/));

  it('orders approved questions only', () => {
    given(history.scheduled())
      .when(command('OrderQuestions', { questionIds: [Q2, Q1] }, by(actors.handler)))
      .then([
        { type: 'InterviewQuestionsOrdered', data: { interviewId: INTERVIEW_ID, at: T.during.toISOString(), questionIds: [Q2, Q1] } },
      ]);
    given(history.scheduled())
      .when(command('OrderQuestions', { questionIds: [Q1, Q3] }, by(actors.handler)))
      .thenThrows(InvalidInterviewCommandError, /^questionIds\[1\]: question is pending/);
    given(history.scheduled())
      .when(command('OrderQuestions', { questionIds: [Q1, Q1] }, by(actors.handler)))
      .thenThrows(InvalidInterviewCommandError, /^questionIds\[1\]: named twice/);
  });
});

describe('AnswerQuestion: a guest answers live', () => {
  const answer = (o: Partial<{ questionId: string; guest: string }> = {}) =>
    command(
      'AnswerQuestion',
      {
        questionId: o.questionId ?? Q2,
        answerId: 'a-2',
        guest: o.guest ?? GUEST,
        text: '今年内完成。',
        media: ['https://example.gov.cn/v.mp4'],
      },
      { now: T.during, actor: actors.handler },
    );

  it('records the answer of the named guest', () =>
    given(history.live())
      .when(answer())
      .then([
        {
          type: 'InterviewQuestionAnswered',
          data: {
            interviewId: INTERVIEW_ID,
            at: T.during.toISOString(),
            questionId: Q2,
            answerId: 'a-2',
            guest: GUEST,
            text: '今年内完成。',
            media: ['https://example.gov.cn/v.mp4'],
          },
        },
      ]));
  it('only during the session', () =>
    given(history.scheduled())
      .when(answer())
      .thenThrows(InterviewStateError, /interview is scheduled/));
  it('only an approved question', () =>
    given(history.live())
      .when(answer({ questionId: Q3 }))
      .thenThrows(InterviewRuleError, /pending/));
  it('only a guest of the interview', () =>
    given(history.live())
      .when(answer({ guest: '李四' }))
      .thenThrows(InvalidInterviewCommandError, /^guest: not a guest/));
});

describe('PublishTranscript and ForwardQuestion: nothing asked is lost', () => {
  const publish = () => command('PublishTranscript', { summary: '感谢网友' }, { now: T.after, actor: actors.handler });
  const forward = (questionId: string, petitionId: string) =>
    command('ForwardQuestion', { questionId, petitionId }, { now: T.after, actor: actors.system });

  it('published already: nothing appended for its staff (the route retries the forwarding), 403 for another department', () => {
    given(history.published()).when(publish()).thenNothing();
    given(history.published())
      .when(command('PublishTranscript', {}, { now: T.after, actor: actors.otherHandler }))
      .thenThrows(InterviewForbiddenError);
  });
  it('another department is refused before the status is looked at (403, not 409)', () => {
    given(history.scheduled())
      .when(
        command(
          'AnswerQuestion',
          { questionId: Q1, answerId: 'a', guest: GUEST, text: '答' },
          { now: T.during, actor: actors.otherHandler },
        ),
      )
      .thenThrows(InterviewForbiddenError);
    given(history.scheduled())
      .when(command('EndInterview', {}, { now: T.during, actor: actors.otherHandler }))
      .thenThrows(InterviewForbiddenError);
  });
  it('refused while a question awaits moderation', () =>
    given(history.ended())
      .when(publish())
      .thenThrows(InterviewRuleError, /1 question\(s\) still await moderation/));
  it('fixes the approved questions left unanswered (not the rejected, not the merged)', () => {
    const [e] = interviewDecider.decide(publish(), foldInterview([...history.ended(), ev.merged(Q1, [Q3])]));
    expect(e).toEqual({
      type: 'InterviewTranscriptPublished',
      data: {
        interviewId: INTERVIEW_ID,
        at: T.after.toISOString(),
        departmentId: WATER,
        summary: '感谢网友',
        answered: [Q1],
        unanswered: [Q2],
      },
    });
  });
  it('forwards an unanswered question once; the same petition again appends nothing', () => {
    given(history.published())
      .when(forward(Q2, 'p-2'))
      .then([ev.forwarded(Q2, 'p-2')]);
    given([...history.published(), ev.forwarded(Q2, 'p-2')])
      .when(forward(Q2, 'p-2'))
      .thenNothing();
    given([...history.published(), ev.forwarded(Q2, 'p-2')])
      .when(forward(Q2, 'p-other'))
      .thenThrows(InterviewRuleError, /already petition p-2/);
  });
  it('an answered question is not forwarded', () =>
    given(history.published())
      .when(forward(Q1, 'p-1'))
      .thenThrows(InterviewRuleError, /not left unanswered/));
  it('only the system forwards', () =>
    given(history.published())
      .when(command('ForwardQuestion', { questionId: Q2, petitionId: 'p' }, { now: T.after, actor: actors.handler }))
      .thenThrows(InterviewForbiddenError));
  it('is terminal once every unanswered question is forwarded', () => {
    expect(interviewDecider.isTerminal(foldInterview(history.published()))).toBe(false);
    expect(interviewDecider.isTerminal(foldInterview([...history.published(), ev.forwarded(Q2, 'p-2')]))).toBe(true);
  });
});

describe('events', () => {
  it('one stream per interview; every type recognised', () => {
    expect(interviewStream(INTERVIEW_ID)).toBe(`interview-${INTERVIEW_ID}`);
    expect(INTERVIEW_EVENT_TYPES.every((type) => isInterviewEvent({ type }))).toBe(true);
    expect(isInterviewEvent({ type: 'OpinionSubmitted' })).toBe(false);
  });
});
