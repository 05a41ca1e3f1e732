// Redaction of free text (title, content, answer, comments) before publication. The masks and why
// they look the way they do are explained at the top of mask.ts.

import {
  BANK_CARD_TOKEN,
  ID_NUMBER_TOKEN,
  maskEmail,
  maskLandlineDigits,
  maskMobileDigits,
  maskName,
  splitName,
} from './mask';
import { ParsedPersonalData, scanPersonalData } from './personal-data';

export interface RedactOptions {
  /** The citizen's full name (and anyone else's who must not be published), masked wherever it appears. */
  names?: string[];
}

function maskFound(found: ParsedPersonalData): string {
  switch (found.kind) {
    case 'mobile':
      return found.prefix + maskMobileDigits(found.value);
    case 'landline':
      return maskLandlineDigits(found.prefix, found.value.slice(found.prefix.length)) + found.suffix;
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

function maskPersonalData(text: string): string {
  const found = scanPersonalData(text);
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  for (const f of found) {
    out += text.slice(at, f.index) + maskFound(f);
    at = f.index + f.match.length;
  }
  return out + text.slice(at);
}

type NameRule = { find: string | RegExp; replace: string; length: number };

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function latinPattern(words: string): RegExp {
  const body = words.trim().split(/\s+/).map(escapeRegExp).join('\\s+');
  return new RegExp(`(?<![A-Za-z])${body}(?![A-Za-z])`, 'gi');
}

function nameRules(names: readonly string[] | undefined): NameRule[] {
  if (names === undefined || names.length === 0) return [];
  const rules = new Map<string, NameRule>();
  for (const raw of names) {
    const name = raw.trim();
    // A one-character "name" is a surname at most, and masking every 张 would mangle 紧张, 张贴…
    if (name.length < 2) continue;
    const cjk = CJK.test(name.charAt(0));
    const add = (part: string, replace: string) => {
      if (part.length < 2 || rules.has(part)) return;
      rules.set(part, { find: cjk ? part : latinPattern(part), replace, length: part.length });
    };
    add(name, maskName(name));
    for (const given of splitName(name).givenNames) add(given, '*'.repeat(given.replace(/\s+/g, '').length));
  }
  // Longest first, so 王小明 becomes 王** rather than 王 followed by the given name's stars.
  return [...rules.values()].sort((a, b) => b.length - a.length);
}

function maskNames(text: string, rules: readonly NameRule[]): string {
  let out = text;
  for (const rule of rules) {
    out = typeof rule.find === 'string' ? out.split(rule.find).join(rule.replace) : out.replace(rule.find, rule.replace);
  }
  return out;
}

// One pass nearly always suffices; a second proves it (the digits a mask keeps could, in contrived
// input, join a neighbouring digit group into a new match). Converges because every change removes digits.
const MAX_PASSES = 4;

/**
 * Masks mobile numbers, landlines, resident ID numbers, e-mail addresses, bank-card-like digit runs
 * and every occurrence of the given names in Chinese free text. Idempotent.
 */
export function redactText(text: string, options: RedactOptions = {}): string {
  if (text.length === 0) return text;
  const rules = nameRules(options.names);
  let out = text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = maskPersonalData(maskNames(out, rules));
    if (next === out) return out;
    out = next;
  }
  return out;
}
