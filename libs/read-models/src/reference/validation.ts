import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID, ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';
import { PETITION_KINDS, PetitionKind } from '@wenzheng/petition';

// Rules shared by the reference-data and calendar DTOs. Each has its own name, so a 400 says
// which rule failed (the validation pipe reports `field` and `rule`).

const CONTROL_CHARACTERS = /\p{Cc}/u;

function rule(
  name: string,
  validate: (value: unknown, args: ValidationArguments) => boolean,
  message: string,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: options?.each ? `each value in $property ${message}` : `$property ${message}`, ...options },
      validator: { validate },
    });
}

/** An integer from min to max inclusive (a string "8" or 8.5 is not). */
export const IsIntegerBetween = (min: number, max: number, options?: ValidationOptions) =>
  rule(
    'isIntegerBetween',
    (v) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max,
    `must be an integer from ${min} to ${max}`,
    options,
  );

/** A string with something other than white space in it. */
export const IsNotBlank = (options?: ValidationOptions) =>
  rule('isNotBlank', (v) => typeof v === 'string' && v.trim().length > 0, 'must not be empty', options);

export const HasNoControlCharacters = (options?: ValidationOptions) =>
  rule('noControlCharacters', (v) => typeof v !== 'string' || !CONTROL_CHARACTERS.test(v), 'must not contain control characters', options);

/** Query strings arrive as text: "8" becomes 8, anything else stays as sent and fails its rule. */
export const ToInteger = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : value));

const lower = (v: unknown): unknown => (typeof v === 'string' ? v.toLowerCase() : v);

/**
 * An id read in lower case, as every id is stored and kept in memory: a client that writes a UUID
 * in capitals (RFC 9562 allows either) names the same case, department or category. Runs before
 * the field's own rule (@IsUUID); what is not a string is left for that rule to refuse.
 */
export const LowerCaseId = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map(lower) : lower(value)));

export class IdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  // A capitalised id matched the row in PostgreSQL, then missed the reloaded map (a 500 after the
  // change was made: an attacking helper, 2026-12-07).
  @LowerCaseId()
  id: string;
}

export class KindParam {
  @ApiProperty({ enum: PETITION_KINDS })
  @IsIn(PETITION_KINDS)
  kind: PetitionKind;
}

export class ListReferenceQuery {
  @ApiProperty({ required: false, description: 'true: include inactive entries', enum: ['true', 'false'] })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: '$property must be true or false' })
  all?: boolean;
}
