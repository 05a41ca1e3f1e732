/** One problem of a 400 (413, 415): the field, the rule it broke and the API's English text (apps/api/src/http/validation.ts). */
export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

/** An answer of the API that is not 2xx: `{ statusCode, error, message, code?, details? }` (apps/api/src/http/error.filter.ts). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly details?: readonly FieldProblem[],
    /** A 409's or 429's `rule` (already_responded, phone_locked…): what refused, to say it in the screens' language. */
    readonly rule?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface FieldError {
  /** The form item's name path: `citizen.phone` → ['citizen', 'phone']. */
  name: (string | number)[];
  errors: string[];
}

/**
 * The API's 400 names the field before each problem, `field: message`, several joined by `; `
 * (apps/api/src/http/validation.ts). Problems for fields the form has go next to the field; the rest
 * (no field named, or one the form does not show) are returned as `general` for an alert. A 413 or
 * 415 names one field, and its message is not split.
 */
export function mapFieldErrors(
  message: string,
  formFields: readonly string[],
  /** One problem, `; ` included (an attachment's 415: "files[0]: type … is not accepted; allowed: …"). */
  single = false,
  /** The 400's `details`: when given, each problem is told in the screens' language by its rule, not by `message`. */
  details?: readonly FieldProblem[],
  localize: (p: FieldProblem) => string = (p) => p.message,
): { fields: FieldError[]; general: string[] } {
  const byField = new Map<string, string[]>();
  const general: string[] = [];
  const problems = details?.length ? told(details, localize) : fromMessage(message, single);
  for (const { field: raw, text, whole } of problems) {
    const field = raw?.replace(/\[(\d+)\]/g, '.$1');
    const known = field && formFields.find((f) => field === f || field.startsWith(`${f}.`));
    if (!known) {
      general.push(whole);
      continue;
    }
    if (!byField.get(known)?.includes(text)) byField.set(known, [...(byField.get(known) ?? []), text]);
  }
  const fields = [...byField].map(([f, errors]) => ({ name: f.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors }));
  return { fields, general };
}

interface Told {
  field?: string;
  text: string;
  /** As a general alert shows it (the field named). */
  whole: string;
}

function fromMessage(message: string, single: boolean): Told[] {
  return (single ? [message] : message.split(/;\s+/))
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^([A-Za-z][\w.-]*(?:\[\d+\])?(?:\.[\w-]+)*):\s*(.+)$/.exec(part);
      return m ? { field: m[1], text: m[2], whole: part } : { text: part, whole: part };
    });
}

/** An absent field breaks every rule of its value: only "required" is said of it, as the API's message does. */
function told(details: readonly FieldProblem[], localize: (p: FieldProblem) => string): Told[] {
  const absent = new Set(details.filter((p) => p.rule === 'required').map((p) => p.field));
  return details
    .filter((p) => p.rule === 'required' || !absent.has(p.field))
    .map((p) => {
      const text = localize(p);
      return { field: p.field, text, whole: p.field ? `${p.field}: ${text}` : text };
    });
}
