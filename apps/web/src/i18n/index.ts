import { zhCN } from './zh-CN';

/** The labels in use; English would be chosen here from the browser's language. */
export const m = zhCN;

/** A label from a code list (status, kind …), the code itself when the list lacks it. */
export const label = (list: Record<string, string>, code: string | undefined | null): string => (code ? (list[code] ?? code) : '');
