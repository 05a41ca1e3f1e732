import fc from 'fast-check';
import { BANK_CARD_TOKEN, findPersonalData, ID_NUMBER_TOKEN, redactText } from './index';
import { notPersonalData } from './personal-data.fixtures';

describe('redactText on a realistic petition', () => {
  it('masks the citizen and their numbers and keeps everything else', () => {
    const text =
      '我是鹿城区人民路123号5幢1201室的住户张伟，电话13812345678，身份证33030219800101123X，' +
      '2026年10月15日14:30起停水，至今已3天。物业电话0577-88881234转123无人接听。' +
      '张伟已于10月16日拨打12345热线（受理编号WZ20261015-A3F9K2），邮箱zhangwei@163.com。';
    expect(redactText(text, { names: ['张伟'] })).toBe(
      '我是鹿城区人民路123号5幢1201室的住户张*，电话138****5678，身份证[身份证号已隐藏]，' +
        '2026年10月15日14:30起停水，至今已3天。物业电话0577-****1234转123无人接听。' +
        '张*已于10月16日拨打12345热线（受理编号WZ20261015-A3F9K2），邮箱z***@163.com。',
    );
  });

  it('masks an answer that quotes numbers with separators and prefixes', () => {
    const text =
      '经核实，王小明（+86 138-0013-8000）反映的车站大道577号K101路站牌问题，已于2026-10-20修复，' +
      '补偿款1.5万元已转入其尾号卡6222 0212 3456 7890 123。小明对处理结果表示满意。';
    expect(redactText(text, { names: ['王小明'] })).toBe(
      '经核实，王**（+86 138****8000）反映的车站大道577号K101路站牌问题，已于2026-10-20修复，' +
        `补偿款1.5万元已转入其尾号卡${BANK_CARD_TOKEN}。**对处理结果表示满意。`,
    );
  });
});

describe('redactText masks each kind', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['138 1234 5678', '138****5678'],
    ['138-1234-5678', '138****5678'],
    ['+8613812345678', '+86138****5678'],
    ['+86 138 1234 5678', '+86 138****5678'],
    ['0086-13812345678', '0086-138****5678'],
    ['(+86)13812345678', '(+86)138****5678'],
    ['１３８１２３４５６７８', '138****5678'],
    ['0577-88881234', '0577-****1234'],
    ['(0577)88881234', '0577-****1234'],
    ['0577 8888 1234', '0577-****1234'],
    ['010-12345678', '010-****5678'],
    ['0577-88881234转123', '0577-****1234转123'],
    ['33030219800101123X', ID_NUMBER_TOKEN],
    ['33030219800101123x', ID_NUMBER_TOKEN],
    ['330302 19800101 123X', ID_NUMBER_TOKEN],
    ['330302800101123', ID_NUMBER_TOKEN],
    ['zhangsan@163.com', 'z***@163.com'],
    ['6222021234567890123', BANK_CARD_TOKEN],
    ['6222 0212 3456 7890', BANK_CARD_TOKEN],
  ])('电话/证件：%s。', (value, masked) => {
    expect(redactText(`联系方式：${value}。`)).toBe(`联系方式：${masked}。`);
  });
});

describe('redactText leaves alone', () => {
  it.each(notPersonalData)('%s: %s', (_label, text) => {
    expect(redactText(text, { names: ['张伟'] })).toBe(text);
  });

  it('all of them in one sentence', () => {
    const text = notPersonalData.map(([, t]) => t).join('，');
    expect(redactText(text)).toBe(text);
  });
});

describe('redactText names', () => {
  it('masks every occurrence of the full name and of a given name of two or more characters', () => {
    expect(redactText('王小明说，小明家门口的路灯坏了；王小明再次来电。', { names: ['王小明'] })).toBe(
      '王**说，**家门口的路灯坏了；王**再次来电。',
    );
  });

  it('honours compound surnames', () => {
    expect(redactText('欧阳娜娜反映：娜娜的邻居…', { names: ['欧阳娜娜'] })).toBe('欧阳**反映：**的邻居…');
  });

  it('does not mask a single-character given name on its own (it would mangle ordinary words)', () => {
    expect(redactText('张伟伟大的城市，伟人', { names: ['张伟'] })).toBe('张*伟大的城市，伟人');
  });

  it('ignores a one-character name (a surname alone would mask 紧张 and 张贴)', () => {
    expect(redactText('紧张，张贴', { names: ['张'] })).toBe('紧张，张贴');
  });

  it('masks several names and Latin names case-insensitively at word boundaries', () => {
    expect(redactText('John Smith and JOHN SMITH; Johnson stays; 李雷找韩梅梅', { names: ['John Smith', '李雷', '韩梅梅'] })).toBe(
      'J******** and J********; Johnson stays; 李*找韩**',
    );
  });

  it('masks the names of each call, one call after another (a case after a case)', () => {
    const text = '王小明与李雷同来；小明先到，李雷后到。';
    expect(redactText(text, { names: ['王小明'] })).toBe('王**与李雷同来；**先到，李雷后到。');
    expect(redactText(text, { names: ['王小明'] })).toBe('王**与李雷同来；**先到，李雷后到。');
    expect(redactText(text, { names: ['李雷'] })).toBe('王小明与李*同来；小明先到，李*后到。');
    expect(redactText(text, { names: ['李雷', '王小明'] })).toBe('王**与李*同来；**先到，李*后到。');
    expect(redactText(text)).toBe(text);
    // Names that would join to the same key as the call before's (a helper's attack on a joined key).
    expect(redactText(text, { names: ['王小明\u0000李雷'] })).toBe(text);
    expect(redactText(text, { names: ['王小明', '李雷'] })).toBe('王**与李*同来；**先到，李*后到。');
    expect(redactText(text, { names: ['王小明\u0000'] })).toBe(text);
    expect(redactText(text, { names: ['王小明', ''] })).toBe('王**与李雷同来；**先到，李雷后到。');
  });

  it('finds a given name whose surname the text never writes, and a name split by separators', () => {
    expect(redactText('小明家门口的路灯坏了', { names: ['王小明'] })).toBe('**家门口的路灯坏了');
    expect(redactText('来电人：王 . 小-明', { names: ['王小明'] })).toBe('来电人：王**');
    expect(redactText('没有这个人的名字', { names: ['王小明'] })).toBe('没有这个人的名字');
  });

  it('masks a name that mixes scripts or starts with a Latin letter, case-insensitively', () => {
    expect(redactText('来电人A小明与a小明', { names: ['A小明'] })).toBe('来电人A**与A**');
    expect(redactText('市民王Anna反映', { names: ['王Anna'] })).toBe('市民王****反映');
  });

  it('masks the name written in traditional characters, or in both, and the name given in traditional characters', () => {
    expect(redactText('張偉反映路灯坏了，張伟再次来电', { names: ['张伟'] })).toBe('張*反映路灯坏了，張*再次来电');
    expect(redactText('来电人：张伟。', { names: ['張偉'] })).toBe('来电人：张*。');
    expect(redactText('歐陽娜娜反映', { names: ['欧阳娜娜'] })).toBe('歐陽**反映');
    expect(redactText('曉明家门口', { names: ['王晓明'] })).toBe('**家门口');
  });

  it('leaves traditional characters that spell other words, and another name, alone', () => {
    // 發 and 髮 are both 发: only the whole name (or its given name of two characters) is masked.
    expect(redactText('頭髮、發展、開發區', { names: ['张发'] })).toBe('頭髮、發展、開發區');
    expect(redactText('張家港的偉人', { names: ['张伟'] })).toBe('張家港的偉人');
    expect(redactText('王曉明來電', { names: ['王小明'] })).toBe('王曉明來電');
  });

  it('masks a name split by commas, 、 or a run of spaces where it stands as a word', () => {
    expect(redactText('来电人：张，伟。', { names: ['张伟'] })).toBe('来电人：张*。');
    expect(redactText('署名 王、小、明', { names: ['王小明'] })).toBe('署名 王**');
    expect(redactText('张    伟反映路灯', { names: ['张伟'] })).toBe('张*反映路灯');
    expect(redactText('（張，偉）', { names: ['张伟'] })).toBe('（張*）');
    expect(redactText('署名：王小，明', { names: ['王小明'] })).toBe('署名：王**');
  });

  it('leaves words that only hold the name across a comma or a run of spaces alone', () => {
    for (const text of ['紧张，伟大的祖国', '主张、伟人', '紧张    伟大', '张，伟大', '大小，明天再说', '扩张，伟业'])
      expect(redactText(text, { names: ['张伟', '王小明'] })).toBe(text);
  });

  it('returns the text unchanged without names or personal data', () => {
    expect(redactText('')).toBe('');
    expect(redactText('路灯坏了', { names: [] })).toBe('路灯坏了');
  });
});

// Fragments a petition is made of: personal data in every written form, and the look-alikes.
const personal = [
  '13812345678',
  '138 1234 5678',
  '138-1234-5678',
  '+86 13812345678',
  '008613812345678',
  '(+86)13812345678',
  '0577-88881234',
  '(0577)88881234',
  '0577 8888 1234',
  '010-12345678',
  '0577-88881234转123',
  '33030219800101123X',
  '330302198001011234',
  '330302800101123',
  'zhangsan@163.com',
  'a.b@wz.gov.cn',
  '6222021234567890123',
  '6222 0212 3456 7890',
  '１３８１２３４５６７８',
];
const lookAlikes = notPersonalData.map(([, t]) => t);
const prose = ['我是住户', '张伟', '王小明', '电话', '身份证', '，', '。', '：', ' ', '-', '（', '）', '反映', '停水', '小明'];

const fragment = fc.constantFrom(...personal, ...lookAlikes, ...prose);
const petition = fc.array(fragment, { maxLength: 25 }).map((parts) => parts.join(''));
// Raw characters find the corners no realistic text reaches: glued digit groups, stray stars, X, @.
const noise = fc.string({
  unit: fc.constantFrom(...'0123456789013586 -+()@.*xX转元号年张伟王小明ABWZ，。'.split('')),
  maxLength: 80,
});

describe('redactText properties', () => {
  const options = { names: ['张伟', '王小明'] };

  it('is idempotent and leaves nothing findPersonalData would find (petition-like text)', () => {
    fc.assert(
      fc.property(petition, (text) => {
        const once = redactText(text, options);
        expect(redactText(once, options)).toBe(once);
        expect(findPersonalData(once)).toEqual([]);
        expect(once).not.toContain('张伟');
        expect(once).not.toContain('小明');
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent and leaves nothing findPersonalData would find (random characters)', () => {
    fc.assert(
      fc.property(noise, (text) => {
        const once = redactText(text, options);
        expect(redactText(once, options)).toBe(once);
        expect(findPersonalData(once)).toEqual([]);
      }),
      { numRuns: 5000 },
    );
  });

  it('finds each personal fragment, and only those, when separated by punctuation', () => {
    const part = fc.oneof(
      fc.constantFrom(...personal).map((t) => ({ t, pii: true })),
      fc.constantFrom(...lookAlikes).map((t) => ({ t, pii: false })),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 12 }), (parts) => {
        const text = parts.map((p) => p.t).join('，');
        expect(findPersonalData(text).map((f) => f.match)).toEqual(parts.filter((p) => p.pii).map((p) => p.t));
        const redacted = redactText(text);
        for (const p of parts) if (!p.pii) expect(redacted).toContain(p.t);
      }),
      { numRuns: 1000 },
    );
  });
});
