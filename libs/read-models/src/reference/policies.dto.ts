import { ApiProperty } from '@nestjs/swagger';
import { ValidationArguments, registerDecorator } from 'class-validator';
import { PETITION_KINDS, PetitionKind, TimeLimitPolicy } from '@wenzheng/petition';
import { IsOptional } from 'class-validator';
import { IsIntegerBetween } from './validation';

/** Added after the first six: optional in a PUT (unchanged when omitted), so older clients keep working. */
type AddedLater =
  | 'decideExtensionWithinWorkingDays'
  | 'callbackAttempts'
  | 'supplyInformationWithinWorkingDays'
  | 'commentWithinDaysAfterClose'
  | 'reviewWithinWorkingHours'
  | 'assistWithinWorkingDays';
export type TimeLimitPolicyInput = Omit<TimeLimitPolicy, AddedLater> & Partial<Pick<TimeLimitPolicy, AddedLater>>;

/** What an admin may set; outside these a policy is a typo, not a decision. */
export const POLICY_RANGES = {
  acknowledgeWithinWorkingDays: [1, 10],
  respondWithinWorkingDays: [1, 60],
  escalateAfterOverdueWorkingDays: [1, 30],
  maxExtensionWorkingDays: [1, 60],
  rateWithinWorkingDays: [1, 30],
  maxReopens: [0, 5],
  decideExtensionWithinWorkingDays: [1, 10],
  callbackAttempts: [1, 10],
  supplyInformationWithinWorkingDays: [1, 30],
  commentWithinDaysAfterClose: [0, 365],
  reviewWithinWorkingHours: [1, 240],
  assistWithinWorkingDays: [1, 30],
} as const satisfies Record<keyof TimeLimitPolicy, readonly [number, number]>;

const range = (k: keyof TimeLimitPolicy) => ({ minimum: POLICY_RANGES[k][0], maximum: POLICY_RANGES[k][1], type: 'integer' as const });

/** 回应 cannot be due after 办复: a case would be answered before it is signed for. */
function NotAfterRespond(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'notAfterRespond',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must not exceed respondWithinWorkingDays' },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const respond = (args.object as Partial<TimeLimitPolicy>).respondWithinWorkingDays;
          return typeof value !== 'number' || typeof respond !== 'number' || value <= respond;
        },
      },
    });
}

export class TimeLimitPolicyDto implements TimeLimitPolicyInput {
  @ApiProperty({
    ...range('acknowledgeWithinWorkingDays'),
    example: 1,
    description: '回应: sign for the case within N working days of dispatch',
  })
  @IsIntegerBetween(...POLICY_RANGES.acknowledgeWithinWorkingDays)
  @NotAfterRespond()
  acknowledgeWithinWorkingDays: number;

  @ApiProperty({
    ...range('respondWithinWorkingDays'),
    example: 8,
    description: '办复: answer within N working days of dispatch or reopen',
  })
  @IsIntegerBetween(...POLICY_RANGES.respondWithinWorkingDays)
  respondWithinWorkingDays: number;

  @ApiProperty({
    ...range('escalateAfterOverdueWorkingDays'),
    example: 3,
    description: '督办: escalate once overdue by more than N working days',
  })
  @IsIntegerBetween(...POLICY_RANGES.escalateAfterOverdueWorkingDays)
  escalateAfterOverdueWorkingDays: number;

  @ApiProperty({
    ...range('maxExtensionWorkingDays'),
    example: 15,
    description: '延期: at most N working days after the current respondBy',
  })
  @IsIntegerBetween(...POLICY_RANGES.maxExtensionWorkingDays)
  maxExtensionWorkingDays: number;

  @ApiProperty({ ...range('rateWithinWorkingDays'), example: 5, description: 'the citizen may rate within N working days of the answer' })
  @IsIntegerBetween(...POLICY_RANGES.rateWithinWorkingDays)
  rateWithinWorkingDays: number;

  @ApiProperty({ ...range('maxReopens'), example: 1, description: '重办: reopens allowed after an unsatisfied rating' })
  @IsIntegerBetween(...POLICY_RANGES.maxReopens)
  maxReopens: number;

  @ApiProperty({
    ...range('decideExtensionWithinWorkingDays'),
    required: false,
    example: 1,
    description: '延期: undecided after N working days, the system approves the request (unchanged when omitted)',
  })
  @IsOptional()
  @IsIntegerBetween(...POLICY_RANGES.decideExtensionWithinWorkingDays)
  decideExtensionWithinWorkingDays?: number;

  @ApiProperty({
    ...range('callbackAttempts'),
    required: false,
    example: 3,
    description: '回访: call-back attempts before a caller may be recorded unreachable (unchanged when omitted)',
  })
  @IsOptional()
  @IsIntegerBetween(...POLICY_RANGES.callbackAttempts)
  callbackAttempts?: number;

  @ApiProperty({
    ...range('supplyInformationWithinWorkingDays'),
    required: false,
    example: 5,
    description:
      '补充材料: the citizen supplies requested information within N working days; then the response clock resumes (unchanged when omitted)',
  })
  @IsOptional()
  @IsIntegerBetween(...POLICY_RANGES.supplyInformationWithinWorkingDays)
  supplyInformationWithinWorkingDays?: number;

  @ApiProperty({
    ...range('commentWithinDaysAfterClose'),
    required: false,
    example: 30,
    description: '跟帖: comments stay open N calendar days after the case closes (unchanged when omitted)',
  })
  @IsOptional()
  @IsIntegerBetween(...POLICY_RANGES.commentWithinDaysAfterClose)
  commentWithinDaysAfterClose?: number;

  @ApiProperty({
    ...range('reviewWithinWorkingHours'),
    required: false,
    example: 24,
    description:
      '审核: the hotline office reviews within N working hours (hours of working days); later is its red light (unchanged when omitted)',
  })
  @IsOptional()
  @IsIntegerBetween(...POLICY_RANGES.reviewWithinWorkingHours)
  reviewWithinWorkingHours?: number;

  @ApiProperty({
    ...range('assistWithinWorkingDays'),
    required: false,
    example: 5,
    description: '协办: an assisting department contributes to the lead within N working days of the dispatch (unchanged when omitted)',
  })
  @IsOptional()
  @IsIntegerBetween(...POLICY_RANGES.assistWithinWorkingDays)
  assistWithinWorkingDays?: number;
}

export class PolicyView extends TimeLimitPolicyDto {
  @ApiProperty({ ...range('decideExtensionWithinWorkingDays') }) declare decideExtensionWithinWorkingDays: number;
  @ApiProperty({ ...range('callbackAttempts') }) declare callbackAttempts: number;
  @ApiProperty({ ...range('supplyInformationWithinWorkingDays') }) declare supplyInformationWithinWorkingDays: number;
  @ApiProperty({ ...range('commentWithinDaysAfterClose') }) declare commentWithinDaysAfterClose: number;
  @ApiProperty({ ...range('reviewWithinWorkingHours') }) declare reviewWithinWorkingHours: number;
  @ApiProperty({ ...range('assistWithinWorkingDays') }) declare assistWithinWorkingDays: number;
  @ApiProperty({ enum: PETITION_KINDS }) kind: PetitionKind;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class PolicyListView {
  @ApiProperty({ type: [PolicyView] }) items: PolicyView[];
}

export class PolicyChangeView {
  @ApiProperty({ type: PolicyView }) policy: PolicyView;
  @ApiProperty({ type: TimeLimitPolicyDto, description: 'the policy before this change' }) previous: TimeLimitPolicyDto;
  @ApiProperty({ example: 'Deadlines already stored in events are not rewritten; new deadlines use the new policy' }) note: string;
}
