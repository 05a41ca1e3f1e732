// Redaction of free text (title, content, answer, comments) before publication. The masks and why
// they look the way they do are explained at the top of mask.ts.

import { BANK_CARD_TOKEN, ID_NUMBER_TOKEN, maskEmail, maskLandlineDigits, maskMobileDigits, maskName, splitName } from './mask';
import { hanForms } from './han-forms';
import { I_OR_L, withLatinLookAlikes } from './look-alikes';
import { normalise, NormalisedText } from './normalise';
import { NormalisedMatch, scanNormalised } from './personal-data';

export interface RedactOptions {
  /** The citizen's full name (and anyone else's who must not be published), masked wherever it appears. */
  names?: string[];
  /**
   * The citizen's name is no longer known (erased) though text about them is still written (a
   * department's answer after an erasure): anything that reads as a Chinese personal name, a
   * common surname with one or two characters before an honorific (李娜女士) or after a word that
   * introduces a person (我是李娜, 来电人：王小明), is masked as a name would be (李*女士).
   */
  nameUnknown?: boolean;
}

function maskFound(found: NormalisedMatch): string {
  switch (found.kind) {
    case 'mobile':
      return found.prefix + maskMobileDigits(found.value);
    case 'landline':
      // A local number without area code keeps only its last 4 digits, like the local part of one with.
      return found.prefix === ''
        ? '*'.repeat(found.value.length - 4) + found.value.slice(-4)
        : maskLandlineDigits(found.prefix, found.value.slice(found.prefix.length)) + found.suffix;
    case 'id_number':
      return ID_NUMBER_TOKEN;
    case 'bank_card':
      return BANK_CARD_TOKEN;
    case 'email':
      return maskEmail(found.value);
    default: {
      const never: never = found.kind;
      throw new Error(`unknown personal data kind ${String(never)}`);
    }
  }
}

interface NameRule {
  /** The name's characters as the normalised text shows them, separators left out. */
  core: string[];
  latin: boolean;
  /** A part of a Latin name on its own (Li, Na, Smith): matched only as a word written whole (namePattern). */
  alone?: boolean;
  replace: string;
}

interface NamePatterns {
  /** The alternation of every rule's pattern, longest name first (compiled on first need). */
  source: string;
  pattern?: RegExp;
  /**
   * The characters a match can begin with, or null when one may begin otherwise (a Latin name,
   * matched case-insensitively). A Chinese name's pattern begins with its first character (or a class
   * of its forms) and no other character folds onto a Han character, so a text holding none of these has no match:
   * it is not searched, and a case's name, new with nearly every case, is not compiled into a regular
   * expression for it (compiling was most of the cost of redacting a petition's texts).
   */
  leads: string[] | null;
}

interface NameMatcher {
  /** The name as given, its characters split at most by a few separators. */
  plain: NamePatterns;
  /**
   * Also its characters' other forms (張偉 for 张伟) and splits by commas, 、 or longer runs: a larger
   * expression, made, compiled and run only for a text that may hold the name so (needsWide).
   */
  wide?: NamePatterns;
  rules: readonly NamedRule[];
  /** The other forms of the name's Chinese characters (張, 偉 for 张伟). */
  otherForms: string[];
  /** Each pair of a Chinese rule's neighbouring characters, in all their forms: where a split may be. */
  splits: Array<{ first: readonly string[]; second: readonly string[] }>;
  /** The replacement for each capturing group of either pattern, in order. */
  replacements: string[];
  /** Whether a name holds a letter (Li Wei, A小明): the text is then read with look-alikes as Latin. */
  lettered: boolean;
}

interface Replacement {
  start: number;
  end: number;
  text: string;
}

/** Han characters of the basic and extension-A blocks and the compatibility block (none has a case or folds). */
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
// What may sit between the characters of a name written to slip past a filter: 王 小 明, 王.小.明,
// 王·小·明, 王_小_明 (invisible characters are already gone from the normalised text). Bounded, so that
// two unrelated words far apart never make a name.
// Dashes and slashes of every kind too (李—娜, 李⁄娜), and the hyphenation point (李‧娜).
const NAME_GAP_CHARS = '\\s.\\-_·•・\u02d7\u2010-\u2015\u2027\u2043\u2212\u2218\u2219\u22c5\u25e6\u2e3a\u2e3b';
const SLASH_CHARS = '/\\\\\u2044\u2215';
const NAME_GAP_CLASS = `[${NAME_GAP_CHARS}${SLASH_CHARS}]`;
const LETTER_GAP = `${NAME_GAP_CLASS}{0,3}`;
const WORD_GAP = `${NAME_GAP_CLASS}{0,8}`;
/**
 * Between the letters of a Latin name's word: no slash, which splits abbreviations and paths, not a name's
 * letters (N/A is no Na; J.o.h.n and L i are still read). Its words may be split by one (Li/Na).
 */
const LATIN_LETTER_GAP = `[${NAME_GAP_CHARS}]{0,3}`;
// Split wider (张    伟) or by the marks between a list's items (张，伟, 张、伟, 张；伟: LIST_MARK_CLASS), a
// Chinese name is read only where it starts a word (no Han character before it), and across such a mark only
// where it ends one too (紧张，伟大 holds 张，伟), or where an honorific or a verb of the report follows
// (来电人：张，伟反映). Across one a name also starts right after a label that introduces a person (来电人张，伟反映,
// 业主张、伟说, 来电人张；伟说): the end it needs keeps 客户主张，伟大 a word.
const NOT_AFTER_HAN = '(?<![\\u3400-\\u9fff\\uf900-\\ufaff])';
const NOT_BEFORE_HAN = '(?![\\u3400-\\u9fff\\uf900-\\ufaff])';
/**
 * The marks between a list's items, as the normalised text has them (normalise.ts makes ，；﹐ ASCII): commas, 、 and
 * semicolons (来电人张；伟说 was published whole while 来电人张、伟说 was masked: an attacking helper's find).
 */
const LIST_MARK_CLASS = '[,;、]';
const LIST_GAP = `(?:${NAME_GAP_CLASS}|${LIST_MARK_CLASS}){0,8}`;
const NAME_SEPARATORS =
  /[\s.\-/\\_·•・．\u00b7\u30fb\u02d7\u2010-\u2015\u2027\u2043\u2212\u2044\u2215\u2218\u2219\u22c5\u25e6\u2e3a\u2e3b]+/g;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * What a gap between a name's letters may take besides the separators (LIST_GAP): never a letter of the
 * name too. A name given as 张,,,,伟 once kept its commas, and the gaps on either side of them shared a
 * run of commas in every way there is: one submission held the API's event loop for seconds to minutes
 * (an attacking helper).
 */
const LIST_MARKS = new RegExp(LIST_MARK_CLASS, 'g');

/**
 * A name as the matchers see it: normalised, and its letters of other scripts that look Latin read as
 * Latin (look-alikes.ts), as the text is read for a name with letters (Lі Wеі for Li Wei, Cyrillic і and е).
 */
function asLooked(part: string): string {
  return withLatinLookAlikes(normalise(part).text, true);
}

function coreOf(part: string): string[] {
  return [...asLooked(part).replace(NAME_SEPARATORS, '').replace(LIST_MARKS, '')];
}

/**
 * A Latin name's letter. A look-alike of i, I, l or L in the text or the name reads as I_OR_L
 * (look-alikes.ts), which an i or an l of the name matches; an ASCII i never matches an l (I'll, II).
 */
function latinLetter(char: string): string {
  if (char === I_OR_L) return `[il${I_OR_L}]`;
  if (/^i$/i.test(char)) return `[i${I_OR_L}]`;
  if (/^l$/i.test(char)) return `[l${I_OR_L}]`;
  return escapeRegExp(char);
}

/** A character of a name: itself, or a class of its simplified and traditional forms (han-forms.ts). */
function nameLetter(char: string, forms: boolean): string {
  const all = forms ? hanForms(char) : undefined;
  return all === undefined ? escapeRegExp(char) : `[${all.join('')}]`;
}

function namePattern(rule: NameRule, words: string[], wide: boolean): string {
  if (!rule.latin) {
    const letters = rule.core.map((c) => nameLetter(c, wide));
    const near = letters.join(LETTER_GAP);
    if (!wide || !CJK.test(rule.core[0])) return near;
    // The first letter looked at first: the labels behind are looked for only where the name may start.
    const listStart = `(?=${letters[0]})(?:${NOT_AFTER_HAN}|(?<=${labelsInAnyForm()}))`;
    return `${near}|${NOT_AFTER_HAN}${letters.join(WORD_GAP)}|${listStart}${letters.join(LIST_GAP)}(?:${NOT_BEFORE_HAN}|(?=${wordsAfterInAnyForm()}))`;
  }
  // A part on its own (Li of Li Na) is a common syllable: written whole, as a word outside a path or link
  // (/li/notice, N.A. and N/A stay), where the whole name may be spelt out letter by letter (L.i N.a).
  const body = words.map((w) => [...w].map(latinLetter).join(rule.alone === true ? '' : LATIN_LETTER_GAP)).join(WORD_GAP);
  if (rule.alone === true) return `(?<![A-Za-z${SLASH_CHARS}])${body}(?![A-Za-z${SLASH_CHARS}])`;
  return `(?<![A-Za-z])${body}(?![A-Za-z])`;
}

interface NamedRule {
  rule: NameRule;
  words: string[];
}

function patterns(ordered: readonly NamedRule[], wide: boolean): NamePatterns {
  let leads: string[] | null = [];
  for (const { rule } of ordered) {
    // core[0] is one code point: one outside the basic plane (two code units) never tests as CJK here.
    if (rule.latin || !CJK.test(rule.core[0])) leads = null;
    else if (leads !== null)
      for (const lead of (wide && hanForms(rule.core[0])) || [rule.core[0]]) if (!leads.includes(lead)) leads.push(lead);
  }
  return { source: ordered.map(({ rule, words }) => `((?:${namePattern(rule, words, wide)}))`).join('|'), leads };
}

function nameMatcher(names: readonly string[] | undefined): NameMatcher | null {
  if (names === undefined || names.length === 0) return null;
  const rules = new Map<string, NamedRule>();
  for (const raw of names) {
    const name = raw.trim();
    // A one-character "name" is a surname at most, and masking every 张 would mangle 紧张, 张贴…
    if (name.length < 2) continue;
    const latin = !CJK.test(name.charAt(0));
    const add = (part: string, replace: string, alone = false) => {
      const core = coreOf(part);
      // 张伟 and 張偉 are one name.
      const key = core
        .map((c) => hanForms(c)?.[0] ?? c)
        .join('')
        .toLowerCase();
      if (core.length < 2 || rules.has(key)) return;
      const words = latin
        ? asLooked(part)
            .trim()
            .split(NAME_SEPARATORS)
            .map((w) => w.replace(LIST_MARKS, ''))
            .filter((w) => w.length > 0)
        : [];
      rules.set(key, { rule: { core, latin, replace, alone }, words });
    };
    add(name, maskName(name));
    if (latin) {
      // Li Na is written Na Li as often (the given name first); its parts alone are read as words only.
      const reversed = name
        .split(NAME_SEPARATORS)
        .filter((w) => w.length > 0)
        .reverse()
        .join(' ');
      add(reversed, maskName(reversed));
    }
    for (const given of splitName(name).givenNames) add(given, '*'.repeat(given.replace(/\s+/g, '').length), latin);
  }
  if (rules.size === 0) return null;
  // Longest first, so 王小明 becomes 王** rather than 王 followed by the given name's stars.
  const ordered = [...rules.values()].sort((a, b) => b.rule.core.length - a.rule.core.length);
  const otherForms: string[] = [];
  const splits: NameMatcher['splits'] = [];
  for (const { rule } of ordered) {
    if (rule.latin || !CJK.test(rule.core[0])) continue;
    for (const c of rule.core) for (const form of hanForms(c) ?? []) if (form !== c && !otherForms.includes(form)) otherForms.push(form);
    for (let k = 0; k + 1 < rule.core.length; k++) {
      const [first, second] = [rule.core[k], rule.core[k + 1]];
      if (!splits.some((p) => p.first.includes(first) && p.second.includes(second)))
        splits.push({ first: hanForms(first) ?? [first], second: hanForms(second) ?? [second] });
    }
  }
  return {
    plain: patterns(ordered, false),
    rules: ordered,
    otherForms,
    splits,
    replacements: ordered.map(({ rule }) => rule.replace),
    lettered: ordered.some(({ rule }) => rule.core.some((c) => !CJK.test(c))),
  };
}

/**
 * The matcher of the last names asked for: a case's texts are redacted one after another with its
 * name. Compared name by name (a joined key would let ['a\0b'] stand for ['a', 'b']).
 */
let recent: { names: readonly string[]; matcher: NameMatcher | null } | undefined;

function recentMatcher(names: readonly string[] | undefined): NameMatcher | null {
  if (names === undefined || names.length === 0) return null;
  if (recent?.names.length === names.length && recent.names.every((n, i) => n === names[i])) return recent.matcher;
  const matcher = nameMatcher(names);
  recent = { names: [...names], matcher };
  return matcher;
}

/** The surname a mask keeps, in the form the text writes it: 張偉 shows 張*, 歐陽娜娜 歐陽**. */
function asWritten(replacement: string, match: string): string {
  const kept = replacement.indexOf('*');
  if (kept <= 0 || match.startsWith(replacement.slice(0, kept))) return replacement;
  const written = [...match.replace(NAME_SEPARATORS, '').replace(LIST_MARKS, '')];
  const mask = [...replacement];
  for (let i = 0; i < mask.length && mask[i] !== '*'; i++) if (hanForms(mask[i])?.includes(written[i])) mask[i] = written[i];
  return mask.join('');
}

/** After a name's character, the start of a split the plain pattern may not take (a list's mark, a separator). */
const SPLIT_START = new RegExp(`${NAME_GAP_CLASS}|${LIST_MARK_CLASS}`);

/** Whether `text` may hold the name only as the wide pattern reads it: another form of a character, or a split. */
function needsWide(text: string, matcher: NameMatcher): boolean {
  if (matcher.otherForms.some((c) => text.includes(c))) return true;
  for (const { first, second } of matcher.splits) {
    for (const c of first) {
      for (let at = text.indexOf(c); at >= 0; at = text.indexOf(c, at + 1)) {
        let next = at + c.length;
        while (next < text.length && next - at <= 9 && SPLIT_START.test(text[next])) next++;
        if (next > at + c.length && second.includes(text[next])) return true;
      }
    }
  }
  return false;
}

function findNames(normalised: string, matcher: NameMatcher | null): Replacement[] {
  if (matcher === null) return [];
  // One character for one: the offsets hold.
  const text = matcher.lettered ? withLatinLookAlikes(normalised, true) : normalised;
  const chosen = needsWide(text, matcher) ? (matcher.wide ??= patterns(matcher.rules, true)) : matcher.plain;
  if (chosen.leads !== null && !chosen.leads.some((lead) => text.includes(lead))) return [];
  const found: Replacement[] = [];
  const pattern = (chosen.pattern ??= new RegExp(chosen.source, 'giu'));
  pattern.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = pattern.exec(text)) !== null) {
    const group = m.findIndex((g, i) => i > 0 && g !== undefined);
    found.push({ start: m.index, end: m.index + m[0].length, text: asWritten(matcher.replacements[group - 1], m[0]) });
  }
  return found;
}

// The most frequent single-character surnames (百家姓 as counted today: some nine in ten people).
const SURNAMES = new Set(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝',
);
const HAN = /^[\u4e00-\u9fff]$/;
/**
 * Words that begin with a surname's character and stand before an honorific or after an introducer
 * without being a name (高中同学, 司机师傅, 本人于去年, 我是温州人, 市民游客): never read as one.
 */
const NOT_NAMES = new Set(
  (
    '高中 初中 全体 任课 司机 安装 房东 党员 许多 包工 管道 维修 施工 邻居 班主任 于今 于去 于前 于本 于上 曾多 曾于 曾经 向贵 ' +
    '房屋 申请 温州 文成 孔雀 江北 江南 万达 金地 华府 龙湾 鹿城 瓯海 乐清 瑞安 平阳 苍南 永嘉 泰顺 洞头 杭州 宁波 上海 北京 ' +
    '业主 居民 市民 群众 住户 村民 学生 家长 老人 退休 职工 员工 个人 单位 公司 小区 农民 残疾 外地 本地 当地 附近 楼上 楼下 ' +
    '车主 游客 商户 师生 华侨 关注 毕业 白领 包租 管理 保洁 谢谢 马上 夏天 成员 解放 文化 监管 收费 陈述 江西 安徽 宁夏 余杭 钱塘 金华 黄岩 龙港 常年 常住 时常 时间 师傅 师父 老师 同志 同学 先生 女士 阿姨 周一 周二 周三 周四 周五 周六 周日 周末 ' +
    '方面 安全 车辆 高度 金额 黄金 严重 周边'
  ).split(' '),
);
const COMPOUND_SURNAMES = new Set(
  '司马 欧阳 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 夏侯 令狐 司徒 长孙 宇文 轩辕 端木 独孤 南宫 西门 百里 呼延'.split(' '),
);
/** Function words (向, 和, 于…) that are surnames too: before a surname (向张女士, 和我先生) they are the sentence's. */
const FUNCTION_CHARS = new Set('向和于与对给请让被把为跟同及或是由从在的致');
/** Where a name before an honorific may start: after these (感谢, 联系, 告知, 回访, 致电…) or a function word. */
const BEFORE_NAME = new Set('谢系知访电问询复告见');
/** Characters that, after a surname and one character, begin the next word rather than end a name (李娜反映, 王芳说). */
const AFTER_NAME = new Set('的说反在是来于向和称表住家等已要因也都就对将把被从到与及同请今电本');
/** After a name, where the next words begin: punctuation, an honorific, or a verb of the report. */
const WORDS_AFTER_NAME = '女士|先生|同志|小姐|老师|师傅|阿姨|您好|你好|反映|来电|来信|称|表示|投诉|诉称|举报';
const PUNCTUATION_AFTER = /^[\s，。、；：！？,.;:!?（）()《「」』"'“”]/;
const NAME_END = new RegExp(`^(?:${PUNCTUATION_AFTER.source.slice(1)}|$|${WORDS_AFTER_NAME}|说|等)`);
/**
 * A household's or a party's label (户主, 业主, 申请人, 当事人, 收件人…): ordinary words follow one as often
 * as a name does (业主大会, 申请人应当, 当事人车辆), so a name is read after it only before an honorific or a
 * verb of the report (业主王小明反映; not 说 or 等: 业主方面说), a three-character one before punctuation too
 * (户主王小明，), or, after a colon, as after 来电人 (申请人：王小明的诉求).
 */
const PARTY_LABELS = '户主|房主|业主|车主|房东|租户|租客|承租人|出租人|申请人|当事人|收件人|寄件人|收款人|委托人|代理人|监护人';
const PARTY_LABEL = new RegExp(`^(?:${PARTY_LABELS})`);
const AFTER_PARTY_NAME = new RegExp(`^(?:${WORDS_AFTER_NAME})`);
/** A label's last character and the next make a word: 客户主张, 物业主任, 房东方面. */
const ACROSS_LABEL = new Set(['主张', '主任', '主管', '主席', '东方']);
/** Honorifics, one list for the three expressions below (老先生 and 老太太 first: the longest match is the one taken). */
const HONORIFICS = '老先生 老太太 女士 先生 同志 小姐 老师 师傅 阿姨 大爷 大妈 大姐 大哥 老伯 奶奶 爷爷 同学'.split(' ');
/** Officials' titles, which name nobody after a surname either. */
const TITLES = '市长 局长 主任 书记 区长 县长 处长 科长 所长 院长 校长 经理 主席 部长 厅长 镇长 村长 队长 站长 社长 总监 主管 老板'.split(
  ' ',
);
const HONORIFIC = new RegExp(HONORIFICS.join('|'), 'g');
/**
 * An honorific or an official's title right after a surname: 王女士, 周市长 name nobody. Tested on the two
 * characters after the surname, so a three-character honorific by its first two (老先, 老太).
 */
const HONORIFIC_START = new RegExp(`^(?:${[...new Set(HONORIFICS.map((h) => h.slice(0, 2)))].join('|')}|${TITLES.join('|')})`);
/** Words a person's name follows: 我是, 来电人, the parties' labels, 市民… */
const PERSON_LABELS = `我是|我叫|我的名字是|本人|姓名|署名|落款|来电人|反映人|诉求人|投诉人|举报人|联系人|${PARTY_LABELS}|市民`;
/**
 * Words of an alternation with each character as a class of its forms (han-forms.ts): a split name's
 * label and the word after it in traditional characters too (來電人張、偉說 as 来电人张、伟说).
 */
function inAnyForm(alternation: string): string {
  return alternation
    .split('|')
    .map((word) => [...word].map((c) => nameLetter(c, true)).join(''))
    .join('|');
}
let labelsAnyForm: string | undefined;
let wordsAfterAnyForm: string | undefined;
const labelsInAnyForm = () => (labelsAnyForm ??= inAnyForm(PERSON_LABELS));
const wordsAfterInAnyForm = () => (wordsAfterAnyForm ??= inAnyForm(`${WORDS_AFTER_NAME}|说`));
const INTRODUCED = new RegExp(`(?:${PERSON_LABELS}|尊敬的|亲爱的|致)[ \\t]*[:：]?[ \\t]*`, 'g');
const GREETED = /您好|你好/g;
// The two-character honorifics only, as it always was (老先生 ends in 先生; before 老太太 no surname stands).
const HONORIFIC_END = new RegExp(`(?:${[...HONORIFICS.filter((h) => h.length === 2), ...TITLES].join('|')})$`);

/** Last characters of an office or a place, not of a name (林业局, 张家港, 王府井): at a reading's end… */
const PLACE_OR_OFFICE_END = new Set('局处科所院站委办队厅部司街镇乡村区县市省港井湾');
/** …or right after it (not 市, 村 or 区, which follow names: 王小明市民, 村民, 区长). */
const PLACE_OR_OFFICE_NEXT = new Set('局处科所院站委办队厅部司街镇乡县省港井湾');

/** Whether text[start, end) reads as a name: a surname, then Han characters, and no common word, office or place. */
function nameLike(text: string, start: number, end: number): boolean {
  if (start < 0 || end > text.length || !SURNAMES.has(text[start])) return false;
  for (let k = start + 1; k < end; k++) if (!HAN.test(text[k])) return false;
  if (PLACE_OR_OFFICE_END.has(text[end - 1]) || PLACE_OR_OFFICE_NEXT.has(text[end] ?? '')) return false;
  return !NOT_NAMES.has(text.slice(start, end)) && !NOT_NAMES.has(text.slice(start, start + 2));
}

/** A name of two or three characters ending at `end` before an honorific (the shorter reading first), or undefined. */
function nameBefore(text: string, end: number): number | undefined {
  for (const length of [2, 3]) {
    const start = end - length;
    if (!nameLike(text, start, end)) continue;
    // 向张女士, 和我先生: a function word before a one-character reading is the sentence's, not a name's.
    if (length === 2 && FUNCTION_CHARS.has(text[start]) && (SURNAMES.has(text[start + 1]) || text[start + 1] === '我')) return undefined;
    // 物业管理师傅, 市场监管局同志: the name starts a word, after a non-Han, a function word or 感谢/联系/告知….
    // A compound surname (司马相如) starts one character earlier; its first character stays shown.
    const from = start > 0 && COMPOUND_SURNAMES.has(text.slice(start - 1, start + 1)) ? start - 1 : start;
    const before = text[from - 1];
    if (from > 0 && HAN.test(before) && !FUNCTION_CHARS.has(before) && !BEFORE_NAME.has(before)) continue;
    return start;
  }
  return undefined;
}

/** nameUnknown: what reads as a name, masked as a name (its surname, then a star a character). */
function findNameLike(text: string): Replacement[] {
  const found: Replacement[] = [];
  const mask = (start: number, end: number) => found.push({ start, end, text: text[start] + '*'.repeat(end - start - 1) });
  // 李娜女士, 王小明老先生; 张先生 alone names nobody.
  HONORIFIC.lastIndex = 0;
  for (let m: RegExpExecArray | null; (m = HONORIFIC.exec(text)) !== null;) {
    // 王小明（女士）: the honorific in brackets after the name.
    const end = m.index > 0 && '（('.includes(text[m.index - 1]) ? m.index - 1 : m.index;
    const start = nameBefore(text, end);
    if (start !== undefined) mask(start, end);
  }
  // 李娜，您好 / 王小明：您好 / 王小明您好, at the start of a sentence. Walked back by hand (spaces, then one
  // comma or colon): a pattern with the spaces in it rescanned each run of spaces from every one of them.
  GREETED.lastIndex = 0;
  for (let m: RegExpExecArray | null; (m = GREETED.exec(text)) !== null;) {
    let end = m.index;
    while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
    if (end > 0 && '，,:：'.includes(text[end - 1])) end--;
    // 王先生您好, 张老师：您好: a surname and an honorific name nobody (a name before the honorific is read above).
    if (HONORIFIC_END.test(text.slice(Math.max(0, end - 3), end))) continue;
    for (const length of [2, 3]) {
      const start = end - length;
      if (nameLike(text, start, end) && (start === 0 || !HAN.test(text[start - 1]))) {
        mask(start, end);
        break;
      }
    }
  }
  // 我是李娜，/ 来电人：王小明反映 / 尊敬的王小明市民: the reading that ends where a word begins; else the
  // longest before a word such as 的, 说, 已 (来电人张伟的诉求: 张伟).
  INTRODUCED.lastIndex = 0;
  for (let m: RegExpExecArray | null; (m = INTRODUCED.exec(text)) !== null;) {
    const start = m.index + m[0].length;
    // 致 opens a letter (致王小明：), not a word (导致, 以致, 一致).
    if (m[0].startsWith('致') && m.index > 0 && HAN.test(text[m.index - 1])) continue;
    // 市民王女士, 我是王老师: an honorific, no name.
    // 本人和妻子: a function word that is a rare surname too (和, 于, 向…) is read as the sentence's.
    if (!SURNAMES.has(text[start] ?? '') || FUNCTION_CHARS.has(text[start]) || HONORIFIC_START.test(text.slice(start + 1, start + 3)))
      continue;
    const readings = [2, 3].filter(
      (length) => nameLike(text, start, start + length) && !(length === 3 && '人生'.includes(text[start + 2])),
    );
    const bounded = readings.find(
      (length) => NAME_END.test(text.slice(start + length, start + length + 2)) || text.startsWith('市民', start + length),
    );
    // Without a clear end the name is read only after a label (来电人张伟的诉求); after 我是, 本人, 市民,
    // 尊敬的… ordinary words follow as often (我是周边居民, 市民高度关注: a third attack's finds).
    const party = PARTY_LABEL.test(m[0]);
    const colon = /[:：]/.test(m[0]);
    const labelled = /^(?:我叫|我的名字是|姓名|署名|落款|来电人|反映人|诉求人|投诉人|举报人|联系人)/.test(m[0]) || (party && colon);
    if (party && !colon) {
      if (ACROSS_LABEL.has(text.slice(start - 1, start + 1))) continue;
      const named =
        readings.find((length) => AFTER_PARTY_NAME.test(text.slice(start + length, start + length + 2))) ??
        readings.find((length) => length === 3 && PUNCTUATION_AFTER.test(text.slice(start + 3, start + 4)));
      if (named !== undefined) mask(start, start + named);
      continue;
    }
    const length = bounded ?? (!labelled ? undefined : readings.includes(3) && !AFTER_NAME.has(text[start + 2]) ? 3 : readings[0]);
    if (length !== undefined) mask(start, start + length);
  }
  return found;
}

function redactOnce(text: string, matcher: NameMatcher | null, nameUnknown = false): string {
  const norm: NormalisedText = normalise(text);
  const found = [
    ...findNames(norm.text, matcher),
    ...(nameUnknown ? findNameLike(norm.text) : []),
    ...scanNormalised(norm).map((f) => ({ start: f.start, end: f.end, text: maskFound(f) })),
  ].sort((a, b) => a.start - b.start || b.end - a.end);
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  let reached = 0;
  for (const f of found) {
    // A name inside an e-mail address, say: the first (and longest) match masks both.
    if (f.start < reached) continue;
    reached = f.end;
    const [start, end] = norm.originalRange(f.start, f.end);
    out += text.slice(at, start) + f.text;
    at = end;
  }
  return out + text.slice(at);
}

// One pass nearly always suffices; a second proves it (the digits a mask keeps could, in contrived
// input, join a neighbouring digit group into a new match). Converges because every change removes digits.
const MAX_PASSES = 4;

/**
 * Masks mobile numbers, landlines, resident ID numbers, e-mail addresses, bank-card-like digit runs
 * and every occurrence of the given names in Chinese free text, however they are disguised (see
 * normalise.ts and personal-data.ts). Text outside a match is returned exactly as written. Idempotent.
 */
export function redactText(text: string, options: RedactOptions = {}): string {
  if (text.length === 0) return text;
  const matcher = recentMatcher(options.names);
  let out = text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = redactOnce(out, matcher, options.nameUnknown === true);
    if (next === out) return out;
    out = next;
  }
  return out;
}
