import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, ValidationOptions, registerDecorator } from 'class-validator';
import { IsCleanText } from '../../petitions/shared/validators';

export const REASON_MIN = 5;
export const REASON_MAX = 500;

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** An ISO 8601 instant with an offset (fractions beyond milliseconds are cut), or undefined. */
export function parseInstant(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = INSTANT.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '00', fraction = '', zone] = m;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (day.getUTCFullYear() !== Number(y) || day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d)) return undefined;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${fraction.slice(0, 4)}${zone.toUpperCase()}`);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

function rule(name: string, message: string, validate: (v: unknown) => boolean, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message, ...options },
      validator: { validate },
    });
}

export const IsInstant = (options?: ValidationOptions) =>
  rule(
    'isInstant',
    '$property must be an ISO 8601 instant with offset, e.g. 2026-10-12T10:00:00+08:00',
    (v) => parseInstant(v) !== undefined,
    options,
  );

/** Counted in characters (code points), as the access log's check constraint counts them. */
export const IsReasonLength = () =>
  rule('reasonLength', `$property must be ${REASON_MIN} to ${REASON_MAX} characters`, (v) => {
    if (typeof v !== 'string') return false;
    const n = [...v].length;
    return n >= REASON_MIN && n <= REASON_MAX;
  });

const trim = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** `?reason=`: stating one shows the personal data and records the read; without it, it is masked. */
export class AuditReadDto {
  @ApiPropertyOptional({
    minLength: REASON_MIN,
    maxLength: REASON_MAX,
    example: '纪检监察 2026-017 号核查',
    description:
      'Why personal data is needed (e.g. the inspection case number). Given: the citizen block is shown and the read is logged. Absent: masked.',
  })
  @IsOptional()
  @trim()
  @IsReasonLength()
  @IsCleanText({ singleLine: true })
  reason?: string;
}
