// Personal data written in forms the redaction missed: a name in Hong Kong, Taiwan or Japanese variant
// characters. Each test of the first block published the name or the number whole before its fix.
import { redactText } from './index';

describe('the case’s name in Hong Kong, Taiwan or Japanese variant characters', () => {
  it.each([
    ['a Hong Kong 衞 (卫 in traditional characters is 衛)', '衞強反映路灯不亮', ['卫强'], '衞*反映路灯不亮'],
    ['a Japanese 呉 for 吴', '呉芳反映路灯不亮', ['吴芳'], '呉*反映路灯不亮'],
    ['a Japanese 辺 for 边', '辺強来电', ['边强'], '辺*来电'],
    ['the name given in Hong Kong characters, written simplified', '卫强反映路灯不亮', ['衞強'], '卫*反映路灯不亮'],
    ['the given name alone in Japanese characters', '市民来电：恵強反映', ['张惠强'], '市民来电：**反映'],
  ])('%s: %s', (_label, text, names, masked) => {
    expect(redactText(text, { names })).toBe(masked);
  });

  it('still masks the traditional forms (衛強, 黃, 溫)', () => {
    expect(redactText('衛強反映', { names: ['卫强'] })).toBe('衛*反映');
    expect(redactText('黃明反映，溫明再次来电', { names: ['黄明', '温明'] })).toBe('黃*反映，溫*再次来电');
  });

  it('never takes a Japanese form that is another everyday character here for the name (芸 is no 艺, 欠 no 缺, 联 no 连)', () => {
    for (const [text, name] of [
      ['王芸反映路灯不亮', '王艺'],
      ['王艺反映路灯不亮', '王芸'],
      ['李欠款未还', '李缺'],
      ['联伟集团', '连伟'],
      ['上海沪东', '滤东'],
      ['沙家浜来电', '沙家滨'],
    ])
      expect(redactText(text, { names: [name] })).toBe(text);
  });
});
