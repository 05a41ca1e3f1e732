import type { FieldProblem } from '../api/errors';
import { m } from '.';

const v = () => m.validation;

/** The numbers a rule's English text carries ("must be shorter than or equal to 100 characters"). */
const numbers = (message: string): string[] => message.match(/\d+/g) ?? [];

/** Rules whose text needs the numbers of the API's message, or the field, to say what is wrong. */
const TOLD: Record<string, (p: FieldProblem) => string | undefined> = {
  isLength: (p) => length(p.message),
  maxLength: (p) => length(p.message),
  minLength: (p) => length(p.message),
  isCleanText: (p) =>
    /visible/.test(p.message) ? v().invisibleOnly : /line breaks/.test(p.message) ? v().controlsOrLineBreaks : undefined,
  matches: (p) => v().patterns[p.field.split('.').at(-1) ?? ''],
  min: (p) => first(p.message, v().notLess),
  max: (p) => first(p.message, v().notGreater),
  arrayMaxSize: (p) => first(p.message, v().atMostItems),
  arrayMinSize: (p) => first(p.message, v().atLeastItems),
  isIntegerBetween: (p) => two(p.message, v().integerBetween),
  // A survey's SMS code: "wrong; 3 attempts left" (apps/api/src/surveys/phone-codes.ts).
  codeMatches: (p) => first(p.message, v().codeWrongLeft),
  reasonLength: (p) => two(p.message, v().lengthBetween),
  // An attachment refused by type or size names it by its place (files[1]): the second.
  type: (p) => nth(p.field, v().rules.type),
  size: (p) => nth(p.field, v().rules.size),
};

function nth(field: string, text: string): string {
  const i = /\[(\d+)\]$/.exec(field)?.[1];
  return i === undefined ? text : `${v().nthAttachment(Number(i) + 1)}${text}`;
}

function length(message: string): string | undefined {
  const [n] = numbers(message);
  if (n === undefined) return undefined;
  if (/longer than or equal to/.test(message)) return v().atLeast(n);
  if (/shorter than or equal to/.test(message)) return v().atMost(n);
  return undefined;
}

function first(message: string, say: (n: string) => string): string | undefined {
  const [n] = numbers(message);
  return n === undefined ? undefined : say(n);
}

function two(message: string, say: (a: string, b: string) => string): string | undefined {
  const [a, b] = numbers(message);
  return a === undefined || b === undefined ? undefined : say(a, b);
}

/** The API's English message without the `field: ` it leads with (what a rule unknown here shows). */
const own = (p: FieldProblem): string => (p.message.startsWith(`${p.field}: `) ? p.message.slice(p.field.length + 2) : p.message);

/**
 * One problem of a 400 in the screens' language, keyed by its rule (every 400 of the API names one);
 * a rule this file does not know shows the API's message, which is meant to be readable as it is.
 */
export function localizeProblem(p: FieldProblem): string {
  return TOLD[p.rule]?.(p) ?? v().rules[p.rule] ?? own(p);
}
