import { describe, expect, it } from 'vitest';
import { m } from '.';

// The forms promised that names are masked on publication; redactText masks numbers and addresses of fixed
// shapes (phones, ID numbers, e-mail, bank cards) and a stranger's name cannot be found (newcomer, cit53 #2).
describe('what the free-text hints promise of publication', () => {
  const hints = {
    意见征集: m.consultations.form.hint,
    在线访谈: m.interviews.form.hint,
    网上调查: m.surveys.form.hint,
    我要留言: m.submit.publicConsentHint,
    来电登记: m.console.callerConsentHint,
  };

  it.each(Object.entries(hints))('%s says names are not masked and promises no "个人信息" masked wholesale', (_, hint) => {
    expect(hint).toMatch(/姓名不会遮盖|他人的姓名不会遮盖/);
    expect(hint).not.toMatch(/个人信息[^，；。]*(自动遮盖|会被隐去)/);
    expect(hint).toContain('身份证号');
  });
});
