import { CommandContext, PetitionCommandType } from './commands';
import { ForbiddenError, InvalidCommandError } from './errors';
import { TimeLimitPolicy, policyOfKind } from './policy';
import { Actor, PetitionKind, Role } from './vocabulary';

/** How each command is named in error messages ("cannot <action>: ..."). */
export const ACTIONS: Readonly<Record<PetitionCommandType, string>> = {
  SubmitPetition: 'submit',
  ReviewPetition: 'review',
  DispatchPetition: 'dispatch',
  AcknowledgePetition: 'acknowledge',
  ReturnPetition: 'return',
  RequestExtension: 'request an extension',
  DecideExtension: 'decide an extension',
  RespondToPetition: 'respond',
  RatePetition: 'rate',
  ReopenPetition: 'reopen',
  EscalatePetition: 'escalate',
  CommentOnPetition: 'comment',
  MarkDeadlineMissed: 'mark a deadline missed',
  ClosePetition: 'close',
  WithdrawPetition: 'withdraw',
  ReplyInterim: 'give an interim reply',
  ModeratePublication: 'moderate',
};

export const requireRole = (action: string, actor: Actor, ...roles: Role[]): void => {
  if (!roles.includes(actor.role)) {
    throw new ForbiddenError(`cannot ${action}: role ${actor.role} may not (requires ${roles.join(' or ')})`);
  }
};

/** Only a handler of the department the case is currently dispatched to. */
export const requireHandlerOf = (action: string, actor: Actor, departmentId: string): void => {
  requireRole(action, actor, 'handler');
  if (actor.departmentId !== departmentId) {
    throw new ForbiddenError(
      `cannot ${action}: only the department the petition is currently dispatched to may (handler of ${actor.departmentId ?? 'no department'})`,
    );
  }
};

export const requireText = (field: string, value: string | undefined): string => {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidCommandError(field, 'is required and must not be blank');
  }
  return value;
};

export const requireInstant = (field: string, value: Date | undefined): Date => {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new InvalidCommandError(field, 'must be a valid date-time');
  }
  return value;
};

export const policyFor = (context: CommandContext, kind: PetitionKind): TimeLimitPolicy => {
  const policy = policyOfKind(context.policies, kind);
  if (!policy) throw new InvalidCommandError(`policies.${kind}`, 'no time-limit policy is configured for this kind');
  return policy;
};
