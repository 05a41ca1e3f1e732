/** An answer of the API that is not 2xx: `{ statusCode, error, message, code? }` (apps/api/src/http/error.filter.ts). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
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
): { fields: FieldError[]; general: string[] } {
  const byField = new Map<string, string[]>();
  const general: string[] = [];
  for (const part of (single ? [message] : message.split(/;\s+/)).map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Za-z][\w.-]*(?:\[\d+\])?(?:\.[\w-]+)*):\s*(.+)$/.exec(part);
    const field = m?.[1].replace(/\[(\d+)\]/g, '.$1');
    const known = field && formFields.find((f) => field === f || field.startsWith(`${f}.`));
    if (!m || !known) {
      general.push(part);
      continue;
    }
    byField.set(known, [...(byField.get(known) ?? []), m[2]]);
  }
  const fields = [...byField].map(([f, errors]) => ({ name: f.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors }));
  return { fields, general };
}
