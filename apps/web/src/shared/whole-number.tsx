import { Input } from 'antd';
import type { Rule } from 'antd/es/form';
import { m } from '../i18n';

/**
 * A count or a number of days typed by staff: digits only, a Chinese keyboard's full-width ones folded
 * (NFKC) as they are typed, and the field keeps the text until the form sends it (`wholeNumber`). antd's
 * number input read 1e1 as 10 and 0x5 as 5, clamped 90 to its max on blur and rounded 2.5 with
 * precision={0}: values nobody typed, sent without a word.
 */
export const WHOLE = /^\d+$/;

/** A Form.Item's `normalize`: what the field holds as it is typed. */
export const typedDigits = (v: unknown): unknown => (typeof v === 'string' ? v.normalize('NFKC').trim() : v);

/**
 * The rule of such a field: digits only (its range is the API's, said next to the field by its 400). Its
 * message says so: -3 is an integer, so "请输入整数" was not the reason it was refused.
 */
export const wholeNumberRule = (message: string = m.validation.digitsOnly): Rule => ({
  validator: async (_, v: unknown) => {
    if (v === undefined || v === null || v === '' || typeof v === 'number') return;
    if (!WHOLE.test(String(v))) throw new Error(message);
  },
});

/** The number a field holds (a form's initial value is a number; what is typed, checked text). */
export const wholeNumber = (v: unknown): number => (typeof v === 'number' ? v : Number(v));

export function WholeNumberInput(props: React.ComponentProps<typeof Input>) {
  return <Input inputMode="numeric" autoComplete="off" style={{ width: 120 }} {...props} />;
}
