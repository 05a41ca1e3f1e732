import { CloseSurvey, PublishSurvey, RecordSurveyResponse, SURVEY_ACTIONS, SurveyActor, SurveyCommand } from './commands';
import { InvalidSurveyCommandError, SurveyForbiddenError, SurveyNotFoundError, SurveyRuleError, SurveyStateError } from './errors';
import { SCALE_MAX, SCALE_MIN, SurveyAnswer, SurveyEvent, SurveyQuestion, respondentKeysOf } from './events';
import { withinPeriod } from './policy';
import { SurveyState } from './state';

type Published = Exclude<SurveyState, { status: 'initial' }>;

export const MAX_QUESTIONS = 100;
export const MAX_OPTIONS = 50;
export const MAX_TEXT_ANSWER = 2000;

/** Staff of the owning department, or an administrator. */
export const isSurveyStaff = (actor: SurveyActor, departmentId: string): boolean =>
  actor.role === 'admin' || (actor.role === 'handler' && actor.departmentId === departmentId);

function published(command: SurveyCommand, state: SurveyState): Published {
  if (state.status === 'initial') throw new SurveyNotFoundError(`survey ${command.data.surveyId}`, SURVEY_ACTIONS[command.type]);
  return state;
}

function staffOnly(command: SurveyCommand, departmentId: string): void {
  if (!isSurveyStaff(command.context.actor, departmentId)) {
    throw new SurveyForbiddenError(`cannot ${SURVEY_ACTIONS[command.type]}: only staff of the department that published the survey`);
  }
}

const base = (command: SurveyCommand) => ({ surveyId: command.data.surveyId, at: command.context.now.toISOString() });

/** The questions' own shape: unique ids, options exactly for the choice kinds. */
function checkQuestions(questions: readonly SurveyQuestion[]): void {
  if (questions.length === 0) throw new InvalidSurveyCommandError('questions', 'arrayMinSize', 'at least one question');
  if (questions.length > MAX_QUESTIONS)
    throw new InvalidSurveyCommandError('questions', 'arrayMaxSize', `at most ${MAX_QUESTIONS} questions`);
  const seen = new Set<string>();
  questions.forEach((q, i) => {
    if (seen.has(q.id)) throw new InvalidSurveyCommandError(`questions[${i}].id`, 'unique', `"${q.id}" is used twice`);
    seen.add(q.id);
    const choice = q.kind === 'single' || q.kind === 'multiple';
    if (choice) {
      const n = q.options?.length ?? 0;
      if (n < 2 || n > MAX_OPTIONS)
        throw new InvalidSurveyCommandError(
          `questions[${i}].options`,
          'arrayCount',
          `2 to ${MAX_OPTIONS} options for a ${q.kind} question`,
        );
      if (new Set(q.options).size !== n) throw new InvalidSurveyCommandError(`questions[${i}].options`, 'unique', 'options must differ');
    } else if (q.options !== undefined) {
      throw new InvalidSurveyCommandError(`questions[${i}].options`, 'noOptions', `a ${q.kind} question has no options`);
    }
  });
}

/** Every answer names a question of the survey, once, with a value of its kind; every required question is answered. */
export function checkAnswers(questions: readonly SurveyQuestion[], answers: readonly SurveyAnswer[]): void {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const answered = new Set<string>();
  answers.forEach((a, i) => {
    const field = `answers[${i}]`;
    const q = byId.get(a.questionId);
    if (!q) throw new InvalidSurveyCommandError(`${field}.questionId`, 'knownQuestion', `no question "${a.questionId}" in this survey`);
    if (answered.has(a.questionId))
      throw new InvalidSurveyCommandError(`${field}.questionId`, 'unique', `question "${a.questionId}" answered twice`);
    answered.add(a.questionId);
    const extra = (['choices', 'scale', 'text'] as const).filter((k) => a[k] !== undefined && k !== valueField(q));
    if (extra.length) throw new InvalidSurveyCommandError(`${field}.${extra[0]}`, 'answerKind', `not an answer to a ${q.kind} question`);
    switch (q.kind) {
      case 'single':
      case 'multiple': {
        const c = a.choices ?? [];
        const options = q.options?.length ?? 0;
        if (q.kind === 'single' && c.length !== 1)
          throw new InvalidSurveyCommandError(`${field}.choices`, 'arrayCount', 'exactly one option');
        if (c.length === 0) throw new InvalidSurveyCommandError(`${field}.choices`, 'arrayMinSize', 'at least one option');
        if (new Set(c).size !== c.length) throw new InvalidSurveyCommandError(`${field}.choices`, 'unique', 'an option chosen twice');
        const bad = c.find((n) => !Number.isInteger(n) || n < 0 || n >= options);
        if (bad !== undefined)
          throw new InvalidSurveyCommandError(`${field}.choices`, 'knownOption', `option ${bad} does not exist (0 to ${options - 1})`);
        break;
      }
      case 'scale':
        if (a.scale === undefined || !Number.isInteger(a.scale) || a.scale < SCALE_MIN || a.scale > SCALE_MAX)
          throw new InvalidSurveyCommandError(`${field}.scale`, 'isIntegerBetween', `a whole number from ${SCALE_MIN} to ${SCALE_MAX}`);
        break;
      case 'text':
        if (a.text === undefined || a.text.trim() === '' || a.text.length > MAX_TEXT_ANSWER)
          throw new InvalidSurveyCommandError(`${field}.text`, 'isLength', `1 to ${MAX_TEXT_ANSWER} characters`);
        break;
    }
  });
  const missing = questions.find((q) => q.required && !answered.has(q.id));
  if (missing) throw new InvalidSurveyCommandError('answers', 'required', `question "${missing.id}" is required`);
}

const valueField = (q: SurveyQuestion): 'choices' | 'scale' | 'text' =>
  q.kind === 'scale' ? 'scale' : q.kind === 'text' ? 'text' : 'choices';

function publish(command: PublishSurvey, state: SurveyState): SurveyEvent[] {
  if (state.status !== 'initial') throw new SurveyStateError('publish', state.status);
  const { data, context } = command;
  staffOnly(command, data.departmentId);
  if (data.closesAt.getTime() <= data.opensAt.getTime())
    throw new InvalidSurveyCommandError('closesAt', 'isAfter', 'must be after opensAt');
  if (data.closesAt.getTime() <= context.now.getTime()) throw new InvalidSurveyCommandError('closesAt', 'future', 'must be in the future');
  checkQuestions(data.questions);
  return [
    {
      type: 'SurveyPublished',
      data: {
        ...base(command),
        departmentId: data.departmentId,
        title: data.title,
        ...(data.description !== undefined ? { description: data.description } : {}),
        questions: data.questions.map((q) => ({
          id: q.id,
          kind: q.kind,
          text: q.text,
          ...(q.options ? { options: q.options } : {}),
          required: q.required,
        })),
        opensAt: data.opensAt.toISOString(),
        closesAt: data.closesAt.toISOString(),
        resultsVisibility: data.resultsVisibility,
      },
    },
  ];
}

function respond(command: RecordSurveyResponse, state: SurveyState): SurveyEvent[] {
  const s = published(command, state);
  if (s.status !== 'open') throw new SurveyStateError('respond', s.status);
  if (!withinPeriod(s, command.context.now)) {
    throw new SurveyRuleError('outside_period', `cannot respond: responses are taken from ${s.opensAt} until ${s.closesAt}`);
  }
  const { responseId, respondentKey, via, answers } = command.data;
  if (Object.hasOwn(s.responseIds, responseId)) return [];
  // One response per citizen: refused when any of the keys answered, as respondent or as another key
  // (an account whose verified phone answered by SMS code, or the other way round).
  if (respondentKeysOf(command.data).some((key) => Object.hasOwn(s.respondents, key))) {
    throw new SurveyRuleError('already_responded', 'cannot respond: this respondent has already answered this survey');
  }
  const otherKeys = [...new Set(command.data.otherKeys ?? [])].filter((key) => key !== respondentKey);
  checkAnswers(s.questions, answers);
  const clean = answers.map((a) => ({
    questionId: a.questionId,
    ...(a.choices ? { choices: [...a.choices].sort((x, y) => x - y) } : {}),
    ...(a.scale !== undefined ? { scale: a.scale } : {}),
    ...(a.text !== undefined ? { text: a.text.trim() } : {}),
  }));
  return [
    {
      type: 'SurveyResponseRecorded',
      data: { ...base(command), responseId, respondentKey, ...(otherKeys.length ? { otherKeys } : {}), via, answers: clean },
    },
  ];
}

function close(command: CloseSurvey, state: SurveyState): SurveyEvent[] {
  const s = published(command, state);
  const automatic = command.context.actor.role === 'system';
  // Staff before the status: another department's staff are refused (403) whatever the state.
  if (!automatic) staffOnly(command, s.departmentId);
  if (s.status !== 'open') throw new SurveyStateError('close', s.status);
  if (automatic && command.context.now.getTime() < Date.parse(s.closesAt))
    throw new SurveyRuleError('period_running', `cannot close: the period runs until ${s.closesAt}`);
  return [{ type: 'SurveyClosed', data: { ...base(command), automatic } }];
}

/** Pure and total: the events a command produces, or a named SurveyDomainError. */
export function decideSurvey(command: SurveyCommand, state: SurveyState): SurveyEvent[] {
  switch (command.type) {
    case 'PublishSurvey':
      return publish(command, state);
    case 'RecordSurveyResponse':
      return respond(command, state);
    case 'CloseSurvey':
      return close(command, state);
    default: {
      const never: never = command;
      throw new Error(`unknown command ${(never as { type: string }).type}`);
    }
  }
}
