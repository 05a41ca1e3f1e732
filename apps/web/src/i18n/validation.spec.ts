import { describe, expect, it } from 'vitest';
import { ApiError, mapFieldErrors } from '../api/errors';
import { apiProblems } from '../shared/form-errors';
import { localizeProblem } from './validation';

const FIELDS = ['title', 'content', 'citizen.name', 'citizen.phone', 'citizen.idNumber', 'citizen.email', 'location'];

/** An API 400's `message` and `details` as apps/api/src/http/validation.ts builds them. */
const problem = (field: string, rule: string, text: string) => ({ field, rule, message: `${field}: ${text}` });

describe('API 400 problems told in Chinese by their rule', () => {
  it('puts a phone the API refuses next to 手机号码 in Chinese, not the English message', () => {
    const details = [problem('citizen.phone', 'matches', 'must be a mainland mobile number or a landline with area code')];
    const r = mapFieldErrors(details[0].message, FIELDS, false, details, localizeProblem);
    expect(r.fields).toEqual([{ name: ['citizen', 'phone'], errors: ['请输入正确的手机号码（11 位）或带区号的固定电话'] }]);
    expect(r.general).toEqual([]);
  });

  it('a survey’s phone: a mobile only, and a landline told that the code goes by SMS', () => {
    expect(localizeProblem(problem('phone', 'isMobileNumber', 'must be a mainland mobile number'))).toBe('请输入正确的手机号码（11 位）');
    expect(localizeProblem(problem('phone', 'isNotLandline', 'must be a mobile number, not a landline: the code is sent by SMS'))).toBe(
      '验证码以短信发送，请填写手机号码（固定电话收不到短信）',
    );
  });

  it('a rule of the case’s own (the decider’s) is said in Chinese, a one-number isIntegerBetween too', () => {
    expect(localizeProblem(problem('attempts', 'isIntegerBetween', 'must be a whole number of call-back attempts, at least 1'))).toBe(
      '请输入符合要求的整数',
    );
    expect(localizeProblem(problem('attempts', 'minAttempts', 'a caller is recorded unreachable only after 3 call-back attempts'))).toBe(
      '回访次数不足，未达到规定次数前不能记为联系不上',
    );
    expect(localizeProblem(problem('requestedRespondBy', 'afterCurrent', 'must be after the current respondBy'))).toBe(
      '须晚于当前答复期限',
    );
  });

  it('carries the numbers of a length rule over from the English text', () => {
    expect(localizeProblem(problem('title', 'isLength', 'must be longer than or equal to 2 characters'))).toBe('至少 2 个字');
    expect(localizeProblem(problem('content', 'isLength', 'must be shorter than or equal to 5000 characters'))).toBe('不能超过 5000 个字');
    expect(localizeProblem(problem('email', 'maxLength', 'must be shorter than or equal to 254 characters'))).toBe('不能超过 254 个字');
    expect(localizeProblem(problem('reason', 'reasonLength', 'must be 5 to 500 characters'))).toBe('应为 5 到 500 个字');
    expect(localizeProblem(problem('level', 'isIntegerBetween', 'must be an integer from 1 to 3'))).toBe('请输入 1 到 3 之间的整数');
  });

  it('tells blank text from control characters, as the API does', () => {
    expect(localizeProblem(problem('title', 'isCleanText', 'must contain visible text, not only whitespace or invisible characters'))).toBe(
      '请输入有效文字，不能只有空格或不可见字符',
    );
    expect(localizeProblem(problem('title', 'isCleanText', 'must not contain control characters or line breaks'))).toBe(
      '不能包含控制字符或换行',
    );
  });

  it('covers the rules of the submit, my-case, comment and console forms', () => {
    for (const [rule, zh] of [
      ['isResidentIdNumber', '请输入 18 位居民身份证号码（最后一位校验码须正确）'],
      ['isEmail', '请输入正确的电子邮箱地址'],
      ['isIn', '请从给定的选项中选择'],
      ['isUuid', '编号格式不正确'],
      ['isDateOrInstant', '请输入正确的日期或时间'],
      ['isLocalDate', '请输入正确的日期（年-月-日）'],
      ['unknown_field', '不是可填写的项目'],
    ])
      expect(localizeProblem(problem('x', rule, 'english'))).toBe(zh);
    expect(localizeProblem(problem('location.districtCode', 'matches', 'must be a 6-digit district or 9-digit street code'))).toBe(
      '区县代码应为 6 位（区县）或 9 位（街道）数字',
    );
  });

  it('names a refused attachment by its place', () => {
    expect(localizeProblem(problem('files[1]', 'type', 'attachment type unknown is not accepted; allowed: image/jpeg'))).toBe(
      '第 2 个附件格式不支持（请用 JPG、PNG、WebP、HEIC 照片或 PDF）',
    );
    expect(localizeProblem(problem('files', 'count', 'at most 9 attachments'))).toBe('附件数量过多');
  });

  it('says only “required” of an absent field, though the API lists every rule it broke', () => {
    const details = [
      problem('content', 'required', 'is required'),
      problem('content', 'isString', 'must be a string'),
      problem('content', 'isCleanText', 'must not contain control characters'),
    ];
    const r = mapFieldErrors('content: is required', FIELDS, false, details, localizeProblem);
    expect(r.fields).toEqual([{ name: ['content'], errors: ['请填写此项'] }]);
  });

  it('falls back to the API’s message for a rule it does not know, or a pattern of a field it does not know', () => {
    expect(localizeProblem(problem('title', 'someNewRule', 'must be something new'))).toBe('must be something new');
    expect(localizeProblem(problem('code', 'matches', 'must be like AB-12'))).toBe('格式不正确');
    // A problem for a field the form does not show goes to the general alert, in Chinese, the field named.
    const r = mapFieldErrors('', FIELDS, false, [problem('channel', 'isIn', 'must be one of web, email')], localizeProblem);
    expect(r.general).toEqual(['channel: 请从给定的选项中选择']);
  });

  it('without details (a 400 thrown with a message only) shows the message as before', () => {
    const r = mapFieldErrors(
      'addressee.departmentId: unknown or inactive department',
      ['addressee.departmentId'],
      false,
      [],
      localizeProblem,
    );
    expect(r.fields).toEqual([{ name: ['addressee', 'departmentId'], errors: ['unknown or inactive department'] }]);
  });

  it('tells a check outside the validation pipe by its rule, never by matching the English sentence', () => {
    const problem = (field: string, rule: string, text: string) => ({ field, rule, message: `${field}: ${text}` });
    const details = [
      problem('phone', 'isPhoneNumber', 'must be a mainland mobile number or a landline with area code'),
      problem('departmentId', 'knownDepartment', 'unknown department'),
      problem('cursor', 'cursor', 'invalid'),
    ];
    const error = new ApiError(400, details.map((d) => d.message).join('; '), undefined, details);
    const r = apiProblems(error, ['phone', 'departmentId']);
    expect(r.fields).toEqual([
      { name: ['phone'], errors: ['请输入正确的手机号码（11 位）或带区号的固定电话'] },
      { name: ['departmentId'], errors: ['没有这个部门'] },
    ]);
    expect(r.general).toEqual(['cursor: 翻页位置已失效，请从第一页重新查询']);
    // The same English sentence under another rule is told by that rule, not by its words.
    const other = new ApiError(400, 'mailbox: unknown mailbox', undefined, [problem('mailbox', 'activeMailbox', 'unknown mailbox')]);
    expect(apiProblems(other, []).general).toEqual(['mailbox: 没有这个信箱，或该信箱已停用']);
    // A 400 without details (none of the API's own) still puts its field's problem next to the field, in the API's words.
    expect(apiProblems(new ApiError(400, 'phone: must be a mainland mobile number'), ['phone']).fields).toEqual([
      { name: ['phone'], errors: ['must be a mainland mobile number'] },
    ]);
  });
});
