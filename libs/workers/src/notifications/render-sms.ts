import { localDate } from '@wenzheng/calendar';
import {
  PetitionKind,
  PolicySet,
  TimeLimitPolicy,
  WorkingDays,
  extensionDecisionDueBy,
  ratingWindowEnds,
  redispatchDueBy,
} from '@wenzheng/petition';
import type { MessageParams } from '@wenzheng/read-models';
import { SMS_TEMPLATES, isTemplateKey, lookUpAt } from '@wenzheng/read-models';

/** A message that cannot be worded (unknown template, missing parameter): retrying will not help. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

export interface RenderContext {
  readonly departmentName: (departmentId: string | null) => string | undefined;
  readonly calendar: WorkingDays;
  readonly policies: PolicySet;
  /** The public site (PUBLIC_SITE_URL, an origin): named in a key holder's texts; unset = not named. */
  readonly siteUrl?: string;
}

/** 2026-10-15T15:59:59.999Z → 10月15日 (the Asia/Shanghai date). */
export function chineseDate(instant: string): string {
  const ms = Date.parse(instant);
  if (!Number.isFinite(ms)) throw new TemplateError(`not an instant: ${instant}`);
  const [, m, d] = localDate(new Date(ms)).split('-');
  return `${Number(m)}月${Number(d)}日`;
}

const DEADLINE_NAMES: Record<string, string> = { acknowledgement: '签收', response: '答复' };

export function renderSms(template: string, params: MessageParams, departmentId: string | null, ctx: RenderContext): string {
  if (!isTemplateKey(template)) throw new TemplateError(`unknown SMS template ${template}`);
  const param = (name: string): string => {
    const v = params[name];
    if (v === undefined || v === '') throw new TemplateError(`template ${template} needs parameter ${name}`);
    return String(v);
  };
  const policy = (): TimeLimitPolicy => {
    const found = ctx.policies[param('kind') as PetitionKind];
    if (!found) throw new TemplateError(`no time limits for petition kind ${param('kind')}`);
    return found;
  };
  const value = (name: string): string => {
    switch (name) {
      case 'departmentName':
        return ctx.departmentName(departmentId) ?? '承办单位';
      case 'acknowledgeBy':
      case 'respondBy':
      case 'dueAt':
      case 'currentRespondBy':
      case 'requestedRespondBy':
      case 'supplyBy':
        return chineseDate(param(name));
      case 'rateBy':
        return chineseDate(ratingWindowEnds(new Date(param('answeredAt')), ctx.calendar, policy()).toISOString());
      case 'decideBy':
        return chineseDate(extensionDecisionDueBy(new Date(param('requestedAt')), ctx.calendar, policy()).toISOString());
      case 'redispatchBy':
        return chineseDate(redispatchDueBy(new Date(param('returnedAt')), ctx.calendar).toISOString());
      case 'lookUpAt':
        return ctx.siteUrl ? lookUpAt(ctx.siteUrl) : '';
      case 'deadlineName':
        return DEADLINE_NAMES[param('deadline')] ?? param('deadline');
      default:
        return param(name);
    }
  };
  return SMS_TEMPLATES[template].text.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => value(name));
}
