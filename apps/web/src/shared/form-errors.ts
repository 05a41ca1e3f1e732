import type { FormInstance } from 'antd';
import { ApiError, mapFieldErrors } from '../api/errors';
import { localizeProblem } from '../i18n/validation';

/** Answers that name the field at fault: 400, and the attachments' 413 (size, count) and 415 (type). */
const FIELD_STATUSES = [400, 413, 415];

/**
 * Shows an API 400 (413, 415) next to the form's fields, each problem told in Chinese by its rule;
 * returns what is left for a general alert (a problem naming no field of this form, or any other error).
 */
export function showApiErrors(form: FormInstance, error: unknown, fields: readonly string[]): string[] {
  if (!(error instanceof ApiError)) return [error instanceof Error ? error.message : String(error)];
  if (!FIELD_STATUSES.includes(error.status)) return [error.message];
  const { fields: mapped, general } = mapFieldErrors(error.message, fields, error.status !== 400, error.details, localizeProblem);
  form.setFields(mapped);
  return general;
}
