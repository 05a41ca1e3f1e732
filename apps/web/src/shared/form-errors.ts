import type { FormInstance } from 'antd';
import { ApiError, mapFieldErrors } from '../api/errors';

/**
 * Shows an API 400 next to the form's fields; returns what is left for a general alert
 * (a 400 naming no field of this form, or any other error).
 */
export function showApiErrors(form: FormInstance, error: unknown, fields: readonly string[]): string[] {
  if (!(error instanceof ApiError)) return [error instanceof Error ? error.message : String(error)];
  if (error.status !== 400) return [error.message];
  const { fields: mapped, general } = mapFieldErrors(error.message, fields);
  form.setFields(mapped);
  return general;
}
