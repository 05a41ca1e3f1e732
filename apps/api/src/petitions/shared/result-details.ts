import type { PetitionEvent } from '@wenzheng/petition';
import type { CommandResult } from './petition-command-runner';

// What a command's answer adds beyond { id, revision }, read from the events it produced (or,
// for a replayed command, the events it produced the first time).

function find<T extends PetitionEvent['type']>(result: CommandResult, type: T) {
  return result.events.find((e): e is Extract<PetitionEvent, { type: T }> => e.type === type);
}

export function dispatchedDetails(result: CommandResult) {
  const e = find(result, 'PetitionDispatched');
  return e ? { departmentId: e.data.departmentId, acknowledgeBy: e.data.acknowledgeBy, respondBy: e.data.respondBy } : {};
}

export function acknowledgedDetails(result: CommandResult) {
  const e = find(result, 'PetitionAcknowledged');
  return e ? { onTime: e.data.onTime } : {};
}

export function respondedDetails(result: CommandResult) {
  const e = find(result, 'PetitionResponded');
  return e ? { onTime: e.data.onTime } : {};
}

export function extensionDetails(result: CommandResult) {
  const e = find(result, 'ExtensionDecided');
  return e ? { approved: e.data.approved, ...(e.data.respondBy ? { respondBy: e.data.respondBy } : {}) } : {};
}

export function reopenedDetails(result: CommandResult) {
  const e = find(result, 'PetitionReopened');
  return e ? { respondBy: e.data.respondBy } : {};
}

export function ratedDetails(result: CommandResult) {
  const closed = find(result, 'PetitionClosed');
  return { status: result.state.status, ...(closed ? { closeReason: closed.data.reason } : {}) };
}
