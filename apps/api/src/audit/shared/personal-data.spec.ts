import { ID_NUMBER_TOKEN } from '@wenzheng/redaction';
import { ev } from '../../../../../libs/petition/src/testing/fixtures';
import { auditData, maskCitizen } from './personal-data';
import { parseInstant } from './audit-read.dto';
import { decodeAccessLogCursor, encodeAccessLogCursor } from './personal-data-access-log';

describe('maskCitizen', () => {
  it('masks name, phone and e-mail and hides the ID number whole', () => {
    expect(maskCitizen({ name: '张伟', phone: '13812345678', idNumber: '33030219800101102X', email: 'zhangwei@example.com' })).toEqual({
      masked: true,
      name: '张*',
      phone: '138****5678',
      idNumber: ID_NUMBER_TOKEN,
      email: 'z***@example.com',
    });
  });

  it('an erased or unexpected block masks to nothing rather than leaking', () => {
    expect(maskCitizen(undefined)).toEqual({ masked: true });
    expect(maskCitizen({ name: { ciphertext: 'abc' } } as never)).toEqual({ masked: true });
    expect(maskCitizen({ name: '', phone: '', erased: true })).toEqual({ masked: true, erased: true });
  });

  it("masks the citizen's details and name in their own free text", () => {
    const submitted = ev.submitted({
      citizen: { name: '李小明', phone: '13912345678' },
      title: '李小明：楼道漏水',
      content: '请回电13912345678或发邮件xm@example.com',
      location: '李小明家楼下',
    });
    expect(auditData(submitted, false)).toMatchObject({
      title: '李**：楼道漏水',
      content: '请回电139****5678或发邮件x***@example.com',
      location: '李**家楼下',
    });
  });

  it('only PetitionSubmitted carries the citizen block; with a reason every event passes unchanged', () => {
    const submitted = ev.submitted();
    expect(auditData(submitted, false)).toMatchObject({ title: '小区自来水发黄', citizen: { masked: true, name: '张*' } });
    expect(auditData(submitted, true)).toBe(submitted.data);
    const reviewed = ev.reviewed();
    expect(auditData(reviewed, false, submitted)).toEqual(reviewed.data);
    expect(auditData(reviewed, false, submitted)).not.toHaveProperty('citizen');
  });

  it("masks the citizen's name and details in every other event's free text, with the name from the submission", () => {
    const submitted = ev.submitted({ citizen: { name: '李小明', phone: '13912345678' } });
    const answered = {
      type: 'PetitionResponded',
      data: {
        petitionId: 'p',
        at: '2026-10-12T02:00:00.000Z',
        departmentId: 'd',
        answer: '已联系李小明（13912345678）',
        onTime: true,
        respondBy: '2026-10-20T15:59:59.999Z',
      },
    } as const;
    expect(auditData(answered, false, submitted)).toEqual({ ...answered.data, answer: '已联系李**（139****5678）' });
    expect(auditData(answered, true, submitted)).toBe(answered.data);
    const erasure = {
      type: 'PersonalDataErased',
      data: { petitionId: 'p', at: '2026-10-12T02:00:00.000Z', reason: '李小明申请删除 PIPL-1' },
    } as never;
    expect(auditData(erasure, false, submitted)).toMatchObject({ reason: '李**申请删除 PIPL-1', at: '2026-10-12T02:00:00.000Z' });
  });
});

describe('parseInstant', () => {
  it.each([
    ['2026-10-12T10:00:00+08:00', '2026-10-12T02:00:00.000Z'],
    ['2026-10-12T02:00Z', '2026-10-12T02:00:00.000Z'],
    ['2026-10-12T02:00:00.123456z', '2026-10-12T02:00:00.123Z'],
  ])('%s', (text, iso) => expect(parseInstant(text)?.toISOString()).toBe(iso));

  it.each(['2026-10-12', '2026-02-30T00:00:00Z', '2026-10-12T24:00:00Z', '2026-10-12T10:00:00', 'yesterday', ''])('refuses %j', (text) => {
    expect(parseInstant(text)).toBeUndefined();
  });
});

describe('access-log cursor', () => {
  it('round-trips and refuses anything else', () => {
    expect(decodeAccessLogCursor(encodeAccessLogCursor('42'))).toBe('42');
    for (const bad of [
      '42',
      'x',
      Buffer.from('pda1:0').toString('base64url'),
      Buffer.from('pda1:1e3').toString('base64url'),
      'a'.repeat(100),
    ]) {
      expect(() => decodeAccessLogCursor(bad)).toThrow('cursor: invalid');
    }
  });
});
