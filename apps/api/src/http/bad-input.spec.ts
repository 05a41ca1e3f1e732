import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { BadRequestException } from '@nestjs/common';
import { InvalidCommandError, isPetitionDomainError } from '@wenzheng/petition';
import { InvalidSurveyCommandError, SurveyRuleError, isSurveyDomainError } from '@wenzheng/survey';
import { participationErrorAnswer } from '../consultations/shared/consultation-request';
import { ErrorFilter } from './error.filter';
import { ErrorMappers } from './error-mappers';
import { badInput } from './validation';

const API_SRC = join(__dirname, '..');
/** The libraries the API calls throw HTTP exceptions too (reference data, mailboxes, districts). */
const LIBS = join(__dirname, '../../../../libs');
const ROOT = join(__dirname, '../../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('every 400 names its field and rule in details, not only in its English text', () => {
  it('badInput is the validation pipe’s shape: message `field: text`, details [{ field, rule, message }]', () => {
    const e = badInput('departmentId', 'knownDepartment', 'unknown department');
    expect(e.getStatus()).toBe(400);
    expect(e.getResponse()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'departmentId: unknown department',
      details: [{ field: 'departmentId', rule: 'knownDepartment', message: 'departmentId: unknown department' }],
    });
  });

  it('no route throws a message-only BadRequestException (the console would have to match English sentences)', () => {
    const messageOnly = [...sources(API_SRC), ...sources(LIBS)].flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/new BadRequestException\(\s*([^\s{])/g)].map(
        (m) => `${relative(ROOT, file)}: new BadRequestException(${m[1]}…`,
      ),
    );
    expect(messageOnly).toEqual([]);
  });

  it("no route uses one of Nest's Parse*Pipes without an exceptionFactory (its 400 is 'Validation failed (uuid is expected)')", () => {
    const bare = sources(API_SRC).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/new Parse\w+Pipe\((?![^)]*exceptionFactory)[^)]*\)/g)].map(
        (m) => `${relative(ROOT, file)}: ${m[0]}`,
      ),
    );
    expect(bare).toEqual([]);
  });

  it('a decider’s 400 (petition, survey) carries its field and rule; a 409 its rule alone', () => {
    const petition = participationErrorAnswer(isPetitionDomainError);
    expect(petition(new InvalidCommandError('duplicateOf', 'notSelf', 'a petition cannot duplicate itself'))).toEqual({
      status: 400,
      code: 'invalid_command',
      message: 'duplicateOf: a petition cannot duplicate itself',
      details: [{ field: 'duplicateOf', rule: 'notSelf', message: 'duplicateOf: a petition cannot duplicate itself' }],
    });
    const survey = participationErrorAnswer(isSurveyDomainError);
    expect(survey(new InvalidSurveyCommandError('closesAt', 'future', 'must be in the future'))).toMatchObject({
      status: 400,
      details: [{ field: 'closesAt', rule: 'future', message: 'closesAt: must be in the future' }],
    });
    const refusal = survey(new SurveyRuleError('one_response', 'already answered'));
    expect(refusal).toEqual({ status: 409, code: 'rule_violation', message: 'already answered', rule: 'one_response' });
  });

  it('the error filter passes a mapper’s details on, and names what body-parser refused', () => {
    const mappers = new ErrorMappers();
    mappers.register(participationErrorAnswer(isPetitionDomainError));
    const filter = new ErrorFilter(mappers);
    const decided = filter.toResponse(new InvalidCommandError('respondBy', 'future', 'must be in the future'));
    expect(decided.body).toMatchObject({ statusCode: 400, details: [{ field: 'respondBy', rule: 'future' }] });
    const parse = Object.assign(new Error('Unexpected token'), { type: 'entity.parse.failed', status: 400 });
    expect(filter.toResponse(parse)).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'body: not valid JSON',
        details: [{ field: 'body', rule: 'json', message: 'body: not valid JSON' }],
      },
    });
    const thrown = filter.toResponse(
      new BadRequestException({ statusCode: 400, message: 'x: y', details: [{ field: 'x', rule: 'r', message: 'x: y' }] }),
    );
    expect(thrown.body.details).toEqual([{ field: 'x', rule: 'r', message: 'x: y' }]);
  });
});
