import type { FormInstance } from 'antd';
import { ApiError, mapFieldErrors, type FieldError } from '../api/errors';
import { localizeProblem } from '../i18n/validation';

/** Answers that name the field at fault: 400, and the attachments' 413 (size, count) and 415 (type). */
const FIELD_STATUSES = [400, 413, 415];

/**
 * An API 400 (413, 415) by the form's fields, each problem told in Chinese by its rule (every 400 of
 * the API names its field and rule in `details`), and what is left for a general alert (a problem
 * naming no field of this form, or any other error).
 */
export function apiProblems(error: unknown, fields: readonly string[]): { fields: FieldError[]; general: string[] } {
  if (!(error instanceof ApiError)) return { fields: [], general: [error instanceof Error ? error.message : String(error)] };
  if (!FIELD_STATUSES.includes(error.status)) return { fields: [], general: [error.message] };
  return mapFieldErrors(error.message, fields, error.status !== 400, error.details, localizeProblem);
}

/** Shows an API 400 (413, 415) next to the form's fields; returns what is left for a general alert. */
export function showApiErrors(form: FormInstance, error: unknown, fields: readonly string[]): string[] {
  const { fields: mapped, general } = apiProblems(error, fields);
  form.setFields(mapped);
  return general;
}
