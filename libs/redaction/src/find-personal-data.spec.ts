import { findPersonalData, PersonalDataKind } from './index';
import { notPersonalData } from './personal-data.fixtures';

type Case = [string, PersonalDataKind, string];

// [text, kind, the match expected inside it]
const found: Case[] = [
  // mobile
  ['电话13812345678', 'mobile', '13812345678'],
  ['手机：138 0013 8000。', 'mobile', '138 0013 8000'],
  ['手机：138-0013-8000。', 'mobile', '138-0013-8000'],
  ['联系19912345678或', 'mobile', '19912345678'],
  ['号码+8613800138000', 'mobile', '+8613800138000'],
  ['号码+86 138 0013 8000', 'mobile', '+86 138 0013 8000'],
  ['号码+86-138-0013-8000', 'mobile', '+86-138-0013-8000'],
  ['号码0086 13800138000', 'mobile', '0086 13800138000'],
  ['号码008613800138000', 'mobile', '008613800138000'],
  ['号码8613800138000', 'mobile', '8613800138000'],
  ['号码(+86)13800138000', 'mobile', '(+86)13800138000'],
  ['全角１３８００１３８０００号码', 'mobile', '１３８００１３８０００'],
  ['TEL13800138000', 'mobile', '13800138000'],
  ['tel13800138000', 'mobile', '13800138000'],
  ['微信zhang13800138000', 'mobile', '13800138000'],
  ['2026年10月15日 13800138000', 'mobile', '13800138000'],
  // landline
  ['电话0577-88881234', 'landline', '0577-88881234'],
  ['电话(0577)88881234', 'landline', '(0577)88881234'],
  ['电话（0577）88881234', 'landline', '（0577）88881234'],
  ['电话0577 8888 1234', 'landline', '0577 8888 1234'],
  ['电话057788881234', 'landline', '057788881234'],
  ['电话010-12345678', 'landline', '010-12345678'],
  ['电话021-6123456', 'landline', '021-6123456'],
  ['电话0577-88881234转123找', 'landline', '0577-88881234转123'],
  ['电话010-12345678-8021', 'landline', '010-12345678-8021'],
  ['电话+86 577 8888 1234', 'landline', '+86 577 8888 1234'],
  ['电话+86-10-12345678', 'landline', '+86-10-12345678'],
  // id_number
  ['身份证33030219800101123X，', 'id_number', '33030219800101123X'],
  ['身份证33030219800101123x，', 'id_number', '33030219800101123x'],
  ['身份证330302198001011234', 'id_number', '330302198001011234'],
  ['身份证330302 19800101 123X', 'id_number', '330302 19800101 123X'],
  ['身份证330302-1980-0101-123X', 'id_number', '330302-1980-0101-123X'],
  ['老身份证330302800101123号', 'id_number', '330302800101123'],
  ['身份证号ID33030219800101123X', 'id_number', '33030219800101123X'],
  ['全角３３０３０２１９８００１０１１２３Ｘ', 'id_number', '３３０３０２１９８００１０１１２３Ｘ'],
  // email
  ['邮箱zhangsan@163.com。', 'email', 'zhangsan@163.com'],
  ['邮箱 zhang.san+wz@mail.wenzhou.gov.cn，', 'email', 'zhang.san+wz@mail.wenzhou.gov.cn'],
  ['邮箱13800138000@qq.com', 'email', '13800138000@qq.com'],
  ['邮箱ｚｓ＠１６３．ｃｏｍ', 'email', 'ｚｓ＠１６３．ｃｏｍ'],
  // bank_card
  ['卡号6222021234567890123', 'bank_card', '6222021234567890123'],
  ['卡号6222021234567890', 'bank_card', '6222021234567890'],
  ['卡号6222 0212 3456 7890', 'bank_card', '6222 0212 3456 7890'],
  ['卡号6222 0212 3456 7890 123', 'bank_card', '6222 0212 3456 7890 123'],
  ['卡号6222-0212-3456-7890', 'bank_card', '6222-0212-3456-7890'],
  ['18位但不是身份证的123456789012345678', 'bank_card', '123456789012345678'],
];

describe('findPersonalData', () => {
  it.each(found)('%s → %s', (text, kind, match) => {
    expect(findPersonalData(text)).toEqual([{ kind, match, index: text.indexOf(match) }]);
  });

  it('finds several kinds in order with their offsets', () => {
    const text = '张伟，电话13812345678，座机0577-88881234，身份证33030219800101123X，邮箱zw@163.com，卡号6222021234567890123';
    expect(findPersonalData(text).map((f) => [f.kind, f.match, text.slice(f.index, f.index + f.match.length)])).toEqual([
      ['mobile', '13812345678', '13812345678'],
      ['landline', '0577-88881234', '0577-88881234'],
      ['id_number', '33030219800101123X', '33030219800101123X'],
      ['email', 'zw@163.com', 'zw@163.com'],
      ['bank_card', '6222021234567890123', '6222021234567890123'],
    ]);
  });

  it('finds back-to-back numbers separately', () => {
    expect(findPersonalData('13812345678、13987654321').map((f) => f.match)).toEqual(['13812345678', '13987654321']);
  });

  it('is safe to call repeatedly (no regex state leaks between calls)', () => {
    const text = '电话13812345678';
    expect(findPersonalData(text)).toHaveLength(1);
    expect(findPersonalData(text)).toHaveLength(1);
    expect(findPersonalData('')).toEqual([]);
  });
});

describe('findPersonalData finds nothing in', () => {
  it.each(notPersonalData)('%s: %s', (_label, text) => {
    expect(findPersonalData(text)).toEqual([]);
  });
});
