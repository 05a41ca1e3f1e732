import { ConsultationForbiddenError, ConsultationStateError, isConsultationDomainError } from '@wenzheng/consultation';
import { InterviewForbiddenError, InterviewNotFoundError, isInterviewDomainError } from '@wenzheng/interview';
import { InvalidSurveyCommandError, SurveyRuleError, SurveyStateError, isSurveyDomainError } from '@wenzheng/survey';

// The HTTP answer of a refusal is its code, status and message (the error mappers pass them on as
// they are); the three deciders share the kinds and keep their own names and predicates.

const answer = (e: Error & { code: string; httpStatus: number }) => ({
  name: e.name,
  code: e.code,
  status: e.httpStatus,
  message: e.message,
});

it('each kind keeps its code, HTTP status and message under the aggregate’s name', () => {
  expect(answer(new SurveyStateError('record a response', 'closed'))).toEqual({
    name: 'SurveyStateError',
    code: 'illegal_state',
    status: 409,
    message: 'cannot record a response: survey is closed',
  });
  expect(answer(new ConsultationForbiddenError('only staff'))).toEqual({
    name: 'ConsultationForbiddenError',
    code: 'forbidden',
    status: 403,
    message: 'only staff',
  });
  expect(answer(new InterviewForbiddenError('forward', 'the system does'))).toMatchObject({
    code: 'forbidden',
    status: 403,
    message: 'cannot forward: only the system does',
  });
  expect({
    ...answer(new SurveyRuleError('one_response', 'already answered')),
    rule: new SurveyRuleError('one_response', '').rule,
  }).toEqual({
    name: 'SurveyRuleError',
    code: 'rule_violation',
    status: 409,
    message: 'already answered',
    rule: 'one_response',
  });
  expect(answer(new InvalidSurveyCommandError('answers', 'required', 'required'))).toMatchObject({
    code: 'invalid_command',
    status: 400,
    message: 'answers: required',
  });
  expect(answer(new InterviewNotFoundError('question q-9', 'answer'))).toMatchObject({
    code: 'not_found',
    status: 404,
    message: 'cannot answer: question q-9 does not exist',
  });
});

it('each predicate recognises its own aggregate’s refusals and no other’s', () => {
  const errors = [
    new ConsultationStateError('close', 'closed'),
    new InterviewNotFoundError('interview', 'start'),
    new SurveyStateError('close', 'closed'),
  ];
  expect(errors.map((e) => [isConsultationDomainError(e), isInterviewDomainError(e), isSurveyDomainError(e)])).toEqual([
    [true, false, false],
    [false, true, false],
    [false, false, true],
  ]);
  expect(isSurveyDomainError(new Error('cannot close: survey is closed'))).toBe(false);
  expect(new SurveyStateError('close', 'closed')).toBeInstanceOf(SurveyStateError);
});
