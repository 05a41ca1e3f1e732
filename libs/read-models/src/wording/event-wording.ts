import { SHANGHAI_OFFSET_MS } from '@wenzheng/calendar';
import type { PetitionEvent } from '@wenzheng/petition';
import { escalationReasonShown } from '@wenzheng/petition';
import type { PetitionStep, StepLookups, StepName } from './petition-steps';
import type { StepFields } from '../public-steps/public-steps.fold';
import { PetitionStreamEvent as StreamEvent, iso, str } from '../petition-stream';
import type { Addressing, OutboxMessage } from '../notification-outbox/notification-outbox.projection';

// What people read of each event, in one place: the step the citizen (and staff) see, the line of
// `npm run timeline`, the step on the public page and the text messages it sends. Each is an
// exhaustive switch (or handler table) over the event types, so a new event fails to compile here
// until this file says what each reader gets (even "nothing"), and nowhere else.

// --- the citizen's and staff's steps (GET /api/petitions/:id) ---

export function stepOf(
  e: PetitionEvent,
  staff: boolean,
  department: (id: string | undefined) => Partial<PetitionStep>,
  lookups: StepLookups,
): PetitionStep | undefined {
  const only = <T>(v: T) => (staff ? v : undefined);
  // Most steps open alike: when, which step, and the department it concerns.
  const by = (d: { at: string; departmentId?: string }, step: StepName) => ({ at: d.at, step, ...department(d.departmentId) });
  switch (e.type) {
    case 'PetitionSubmitted':
      return { at: e.data.at, step: 'received' };
    case 'PetitionReviewed': {
      const d = e.data;
      if (d.outcome === 'accepted') return { at: d.at, step: 'accepted', reason: only(d.reason) };
      if (d.outcome === 'rejected') return { at: d.at, step: 'rejected', reason: d.reason };
      return { at: d.at, step: 'duplicate', reason: d.reason, duplicateOf: lookups.duplicateOf };
    }
    case 'PetitionDispatched':
      return {
        ...by(e.data, 'dispatched'),
        respondBy: e.data.respondBy,
        // Both deadlines, as the public steps and the SMS show them.
        acknowledgeBy: e.data.acknowledgeBy,
        note: only(e.data.note),
        // 协办 is between departments: the citizen hears from the lead alone.
        assisting: only(
          e.data.assisting?.map((a) => ({
            departmentId: a.departmentId,
            departmentName: department(a.departmentId).departmentName,
            contributeBy: a.contributeBy,
          })),
        ),
      };
    // 按期 or not, as the public page says it of the same step (publicStepOf).
    case 'PetitionAcknowledged':
      return { ...by(e.data, 'acknowledged'), onTime: e.data.onTime };
    case 'PetitionReturned':
      return { at: e.data.at, step: 'returned', ...(staff ? { ...department(e.data.departmentId), reason: e.data.reason } : {}) };
    case 'ExtensionRequested':
      return {
        ...by(e.data, 'extension_requested'),
        requestedRespondBy: e.data.requestedRespondBy,
        reason: only(e.data.reason),
      };
    case 'ExtensionDecided': {
      const d = e.data;
      const common = { at: d.at, ...department(d.departmentId), reason: only(d.reason), automatic: only(d.automatic) };
      return d.approved && d.respondBy
        ? { ...common, step: 'extension_granted', respondBy: d.respondBy }
        : { ...common, step: 'extension_refused', respondBy: d.previousRespondBy, requestedRespondBy: only(d.requestedRespondBy) };
    }
    case 'PetitionResponded':
      return {
        ...by(e.data, 'answered'),
        answer: e.data.answer,
        outcome: e.data.outcome,
        onTime: e.data.onTime,
      };
    case 'PetitionRated':
      return { at: e.data.at, step: 'rated', satisfaction: e.data.satisfaction, comment: e.data.comment, via: e.data.via };
    case 'PetitionReopened':
      return { ...by(e.data, 'reopened'), reason: e.data.reason, respondBy: e.data.respondBy };
    case 'PetitionDeadlineMissed':
      return staff ? { ...by(e.data, 'deadline_missed'), deadline: e.data.deadline, dueAt: e.data.dueAt } : undefined;
    case 'PetitionEscalated':
      return {
        ...by(e.data, 'escalated'),
        reason: escalationReasonShown(e.data.reason) as string,
        automatic: only(e.data.automatic),
        level: only(e.data.level),
      };
    case 'PetitionClosed':
      // A supervisor's reason for closing instead of reopening answers the citizen's unsatisfied rating.
      return {
        at: e.data.at,
        step: 'closed',
        reason: e.data.reason,
        via: e.data.via,
        callbackAttempts: e.data.callbackAttempts,
        note: e.data.note,
      };
    case 'PetitionWithdrawn':
      return { at: e.data.at, step: 'withdrawn', reason: e.data.reason, ...(staff ? department(e.data.departmentId) : {}) };
    case 'PetitionInterimReplied':
      return { ...by(e.data, 'interim_reply'), text: e.data.text };
    case 'InformationRequested':
      // The citizen is asked: what, and by when; the deadline it holds is staff's.
      return {
        ...by(e.data, 'information_requested'),
        question: e.data.question,
        supplyBy: e.data.supplyBy,
        respondBy: only(e.data.respondBy),
      };
    case 'InformationSupplied':
      return {
        ...by(e.data, 'information_supplied'),
        text: e.data.text,
        via: e.data.via,
        respondBy: e.data.respondBy,
        pausedWorkingDays: e.data.pausedWorkingDays,
      };
    case 'InformationRequestLapsed':
      return {
        ...by(e.data, 'information_request_lapsed'),
        supplyBy: e.data.supplyBy,
        respondBy: e.data.respondBy,
        pausedWorkingDays: e.data.pausedWorkingDays,
      };
    case 'ReviewDeadlineMissed':
      // The hotline office's own red light: its scoring, not the citizen's business.
      return staff ? { at: e.data.at, step: 'review_deadline_missed', dueAt: e.data.dueAt } : undefined;
    // 协办, 下派 and 承办人 happen between and inside departments: staff steps only.
    case 'AssistanceProvided':
      return staff
        ? {
            ...by(e.data, 'assistance_provided'),
            text: e.data.text,
            dueAt: e.data.contributeBy,
            onTime: e.data.onTime,
          }
        : undefined;
    case 'PetitionPassedDown':
      return staff ? { ...by(e.data, 'passed_down'), note: e.data.note } : undefined;
    case 'PetitionAnsweredUp':
      return staff ? { ...by(e.data, 'answered_up'), text: e.data.text } : undefined;
    case 'HandlerAssigned':
      return staff ? { ...by(e.data, 'handler_assigned'), handlerName: e.data.handlerName } : undefined;
    case 'PublicationModerated':
      // 内容管理 is the offices' business about the public site; its reason is internal.
      return staff
        ? {
            at: e.data.at,
            step: 'moderated',
            target: e.data.target,
            commentId: e.data.commentId,
            action: e.data.action,
            reason: e.data.reason,
          }
        : undefined;
    case 'PetitionCommented':
      return undefined; // comments are public, on their own route
    default: {
      // A new event type fails to compile here until it says what its reader sees.
      const unlisted: never = e;
      void unlisted;
      return undefined; // platform events (erasure, release) at run time
    }
  }
}

// --- the timeline (npm run timeline) ---

/** 'YYYY-MM-DD HH:mm' in Asia/Shanghai; a deadline (23:59:59.999) shows as 23:59. */
export function localTime(instant: string | Date): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (!Number.isFinite(ms)) return String(instant);
  const t = new Date(ms + SHANGHAI_OFFSET_MS).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

export const CHANNELS: Record<string, string> = {
  web: '网站',
  hotline_12345: '12345热线',
  wechat: '微信',
  weibo: '微博',
  app: 'App',
  email: '电子邮件',
};
export const KINDS: Record<string, string> = {
  consultation: '咨询',
  complaint: '投诉',
  suggestion: '建议',
  help: '求助',
  report: '举报',
  praise: '表扬',
};
const ADDRESSEES: Record<string, string> = { mayor: '市长信箱', secretary: '书记信箱', department: '部门信箱', general: '综合' };
export const ROLES: Record<string, string> = {
  citizen: '市民',
  reviewer: '值班员',
  handler: '承办人',
  supervisor: '督查员',
  auditor: '审计员',
  admin: '管理员',
  system: '系统',
};
export const STATUSES: Record<string, string> = {
  initial: '未提交',
  submitted: '待审核',
  accepted: '已受理，待派单',
  dispatched: '已派单，待签收',
  in_progress: '办理中',
  returned: '已退单，待重新派单',
  responded: '已答复，待评价',
  rated: '已评价',
  closed: '已办结',
};
const SATISFACTIONS: Record<string, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };
const CLOSE_REASONS: Record<string, string> = {
  rated: '已评价',
  no_rating_in_time: '逾期未评价，自动办结',
  rejected: '不予受理',
  duplicate: '重复件',
  withdrawn: '提交人撤回',
};
const MODERATION_TARGETS: Record<string, string> = { case: '诉求', answer: '答复', comment: '跟帖' };
const DEADLINES: Record<string, string> = { acknowledgement: '回应', response: '办复' };

export const onTime = (ok: boolean) => (ok ? '准时' : '超时');

export interface DeadlineTrack {
  due?: string;
  done?: { at: string; onTime: boolean };
}

/** What a timeline line is worded with: the case's helpers (redaction with the citizen's name, department names). */
export interface TimelineTools {
  readonly line: (label: string, what: string) => void;
  readonly text: (value: string | undefined, max?: number) => string;
  readonly department: (id: string | undefined) => string;
  readonly categoryName?: (id: string) => string | undefined;
  /** The deadlines as the events move them (the footer of the timeline). */
  readonly acknowledgement: DeadlineTrack;
  readonly response: DeadlineTrack;
}

/** The line of `npm run timeline` (办理过程) for one event. */
export function timelineLine(event: PetitionEvent, t: TimelineTools): void {
  const { line, text, department, acknowledgement, response } = t;
  const context = { categoryName: t.categoryName };
  switch (event.type) {
    case 'PetitionSubmitted': {
      const d = event.data;
      const to =
        d.addressee.type === 'department'
          ? `${ADDRESSEES.department}：${department(d.addressee.departmentId)}`
          : `${ADDRESSEES[d.addressee.type] ?? d.addressee.type}${d.addressee.mailboxId ? `（${d.addressee.mailboxId}）` : ''}`;
      line('提交', `${KINDS[d.kind] ?? d.kind}，经${CHANNELS[d.channel] ?? d.channel}提交，来信对象：${to}`);
      break;
    }
    case 'PetitionReviewed': {
      const d = event.data;
      const category = d.categoryId ? `分类：${context.categoryName?.(d.categoryId) ?? d.categoryId}` : '';
      const confidential = d.confidential ? '涉密（不公开）' : '';
      if (d.outcome === 'accepted') line('受理', [category, confidential].filter(Boolean).join('；') || '审核通过');
      else if (d.outcome === 'rejected') line('不予受理', `理由：${text(d.reason)}`);
      else
        line('重复件', [`与 ${d.duplicateOf ?? '（未注明）'} 重复`, d.reason ? `说明：${text(d.reason)}` : ''].filter(Boolean).join('；'));
      break;
    }
    case 'PetitionDispatched': {
      const d = event.data;
      acknowledgement.due = d.acknowledgeBy;
      acknowledgement.done = undefined;
      response.due = d.respondBy;
      response.done = undefined;
      line(
        '派单',
        [
          `派往 ${department(d.departmentId)}`,
          `签收时限 ${localTime(d.acknowledgeBy)}`,
          `办复时限 ${localTime(d.respondBy)}`,
          d.assisting?.length
            ? `协办 ${d.assisting.map((a) => department(a.departmentId)).join('、')}（协办时限 ${localTime(d.assisting[0].contributeBy)}）`
            : '',
          d.note ? `附言：${text(d.note)}` : '',
        ]
          .filter(Boolean)
          .join('；'),
      );
      break;
    }
    case 'PetitionAcknowledged':
      acknowledgement.done = { at: event.data.at, onTime: event.data.onTime };
      line('签收', `${onTime(event.data.onTime)}（签收时限 ${localTime(event.data.acknowledgeBy)}）`);
      break;
    case 'PetitionReturned':
      line('退单', `${department(event.data.departmentId)} 退回，理由：${text(event.data.reason)}`);
      break;
    case 'ExtensionRequested':
      line(
        '延期申请',
        `申请办复时限由 ${localTime(event.data.currentRespondBy)} 延至 ${localTime(event.data.requestedRespondBy)}；理由：${text(escalationReasonShown(event.data.reason) as string)}`,
      );
      break;
    case 'ExtensionDecided': {
      const d = event.data;
      if (d.approved && d.respondBy) response.due = d.respondBy;
      line(
        `延期审批(${d.approved ? (d.automatic ? '逾期未审批，系统自动同意' : '同意') : '不同意'})`,
        d.approved
          ? [`办复时限延至 ${localTime(d.respondBy ?? d.requestedRespondBy)}`, d.reason ? `意见：${text(d.reason)}` : '']
              .filter(Boolean)
              .join('；')
          : [`办复时限仍为 ${localTime(d.previousRespondBy)}`, d.reason ? `理由：${text(d.reason)}` : ''].filter(Boolean).join('；'),
      );
      break;
    }
    case 'PetitionResponded':
      response.done = { at: event.data.at, onTime: event.data.onTime };
      line(
        event.data.outcome === 'unreachable' ? '答复(联系不上)' : '答复',
        `${onTime(event.data.onTime)}（办复时限 ${localTime(event.data.respondBy)}）；答复：${text(event.data.answer)}`,
      );
      break;
    case 'PetitionRated':
      line(
        `评价(${SATISFACTIONS[event.data.satisfaction] ?? event.data.satisfaction})${event.data.via === 'callback' ? '(回访)' : ''}`,
        event.data.comment ? `留言：${text(event.data.comment)}` : '',
      );
      break;
    case 'PetitionReopened':
      response.due = event.data.respondBy;
      response.done = undefined;
      line('重办', `第 ${event.data.reopenCount} 次重办，新办复时限 ${localTime(event.data.respondBy)}；理由：${text(event.data.reason)}`);
      break;
    case 'PetitionDeadlineMissed': {
      const d = event.data;
      line(
        `亮红灯(${DEADLINES[d.deadline] ?? d.deadline})`,
        `${department(d.departmentId)} 未在 ${localTime(d.dueAt)} 前${d.deadline === 'acknowledgement' ? '签收' : '答复'}`,
      );
      break;
    }
    case 'PetitionEscalated':
      line(
        `督办(${event.data.automatic ? '自动' : '人工'})`,
        `第 ${event.data.level} 级督办${event.data.departmentId ? `，承办单位 ${department(event.data.departmentId)}` : ''}；理由：${text(escalationReasonShown(event.data.reason) as string)}`,
      );
      break;
    case 'PetitionClosed':
      line(
        '办结',
        `原因：${CLOSE_REASONS[event.data.reason] ?? event.data.reason}${event.data.via === 'callback' ? `（回访 ${event.data.callbackAttempts ?? ''} 次未能联系）` : ''}${event.data.note ? `；不予重办理由：${text(event.data.note)}` : ''}`,
      );
      break;
    case 'PetitionCommented':
      line('跟帖', `${text(event.data.author, 20)}：${text(event.data.text)}`);
      break;
    case 'PetitionWithdrawn':
      line(
        '撤回',
        `提交人撤回诉求${event.data.departmentId ? `（时在 ${department(event.data.departmentId)} 办理中）` : ''}${event.data.reason ? `；理由：${text(event.data.reason)}` : ''}`,
      );
      break;
    case 'PetitionInterimReplied':
      line('阶段性答复', `${department(event.data.departmentId)}：${text(event.data.text)}（办复时限不变）`);
      break;
    case 'InformationRequested':
      line(
        '补充材料',
        `${department(event.data.departmentId)} 请提交人于 ${localTime(event.data.supplyBy)} 前补充：${text(event.data.question)}（办复计时暂停）`,
      );
      break;
    case 'InformationSupplied':
      response.due = event.data.respondBy;
      line(
        event.data.via === 'callback' ? '补充材料(已补充，来电由热线录入)' : '补充材料(已补充)',
        `${text(event.data.text)}；计时暂停 ${event.data.pausedWorkingDays} 个工作日，办复时限 ${localTime(event.data.previousRespondBy)} → ${localTime(event.data.respondBy)}`,
      );
      break;
    case 'InformationRequestLapsed':
      response.due = event.data.respondBy;
      line(
        '补充材料(逾期未补充)',
        `提交人未在 ${localTime(event.data.supplyBy)} 前补充，恢复计时；暂停 ${event.data.pausedWorkingDays} 个工作日，办复时限 ${localTime(event.data.previousRespondBy)} → ${localTime(event.data.respondBy)}`,
      );
      break;
    case 'ReviewDeadlineMissed':
      line('亮红灯(审核)', `市长专线办公室未在 ${localTime(event.data.dueAt)} 前审核`);
      break;
    case 'AssistanceProvided':
      line(
        '协办反馈',
        `${department(event.data.departmentId)} 向主办 ${department(event.data.leadDepartmentId)} 反馈，${onTime(event.data.onTime)}（协办时限 ${localTime(event.data.contributeBy)}）：${text(event.data.text)}`,
      );
      break;
    case 'PetitionPassedDown':
      line(
        '下派',
        `${department(event.data.fromDepartmentId)} 下派至 ${department(event.data.departmentId)}（主办 ${department(event.data.leadDepartmentId)}，时限不变）${event.data.note ? `；附言：${text(event.data.note)}` : ''}`,
      );
      break;
    case 'PetitionAnsweredUp':
      line('下派反馈', `${department(event.data.departmentId)} 向 ${department(event.data.toDepartmentId)} 反馈：${text(event.data.text)}`);
      break;
    case 'HandlerAssigned':
      line('指定承办人', `${department(event.data.departmentId)}：${text(event.data.handlerName, 20)}`);
      break;
    case 'PublicationModerated': {
      const d = event.data;
      const what = `${MODERATION_TARGETS[d.target] ?? d.target}${d.commentId ? ` ${d.commentId}` : ''}`;
      line(d.action === 'hide' ? '屏蔽' : '恢复公开', `${what}；理由：${text(d.reason)}`);
      break;
    }
    default: {
      // A new event type fails to compile here until it has its line.
      const unlisted: never = event;
      void unlisted;
      // Platform events recorded in the stream, outside the decider's union.
      const other = event as { type: string; data: { at: string; reason?: string } };
      if (other.type === 'PersonalDataErased')
        line('个人信息删除', `依法删除提交人个人信息（加密密钥已销毁）${other.data.reason ? `；理由：${text(other.data.reason)}` : ''}`);
      else line(other.type, '');
    }
  }
}

// --- the public page (全过程公开) ---

const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);

/** A step's fields before an event sets its own (one object for every call: spread, never changed). */
const NO_STEP_FIELDS: Readonly<Omit<StepFields, 'step'>> = {
  departmentId: null,
  onTime: null,
  acknowledgeBy: null,
  respondBy: null,
  automatic: null,
  level: null,
  satisfaction: null,
};

/**
 * The step an event shows, or null. Every event type is named: a new one fails to compile here
 * until this says whether the public sees it.
 */
export function publicStepOf(event: StreamEvent): StepFields | null {
  const none = NO_STEP_FIELDS;
  switch (event.type) {
    case 'PetitionSubmitted':
      return { ...none, step: 'received' };
    case 'PetitionReviewed':
      // Rejected and duplicate cases are never public; the review's reason and category stay internal.
      return event.data.outcome === 'accepted' ? { ...none, step: 'accepted' } : null;
    case 'PetitionDispatched':
      return {
        ...none,
        step: 'dispatched',
        departmentId: str(event.data.departmentId),
        acknowledgeBy: iso(event.data.acknowledgeBy),
        respondBy: iso(event.data.respondBy),
      };
    case 'PetitionAcknowledged':
      return {
        ...none,
        step: 'acknowledged',
        departmentId: str(event.data.departmentId),
        onTime: bool(event.data.onTime),
        acknowledgeBy: iso(event.data.acknowledgeBy),
      };
    case 'PetitionReturned':
      // Shown: the public sees the case was re-routed (and by whom, a department), never why.
      return { ...none, step: 'returned', departmentId: str(event.data.departmentId) };
    case 'ExtensionRequested':
      return null; // a request is internal until decided; a refused one leaves the deadline as it was
    case 'ExtensionDecided':
      return event.data.approved === true && iso(event.data.respondBy) !== null
        ? {
            ...none,
            step: 'extended',
            departmentId: str(event.data.departmentId),
            respondBy: iso(event.data.respondBy),
            automatic: event.data.automatic === true,
          }
        : null;
    case 'PetitionResponded':
      return {
        ...none,
        step: 'answered',
        departmentId: str(event.data.departmentId),
        onTime: bool(event.data.onTime),
        respondBy: iso(event.data.respondBy),
      };
    case 'PetitionRated':
      return { ...none, step: 'rated', departmentId: str(event.data.departmentId), satisfaction: str(event.data.satisfaction) };
    case 'PetitionReopened':
      return { ...none, step: 'reopened', departmentId: str(event.data.departmentId), respondBy: iso(event.data.respondBy) };
    case 'PetitionDeadlineMissed':
      return null; // 亮红灯 is internal; the acknowledged / answered steps say whether a deadline was met
    case 'PetitionEscalated': {
      // 督办 reasons are internal (written for the department, not redacted for publication).
      const level = Number(event.data.level);
      return {
        ...none,
        step: 'escalated',
        departmentId: str(event.data.departmentId),
        automatic: event.data.automatic === true,
        level: Number.isInteger(level) && level > 0 ? level : null,
      };
    }
    case 'PetitionClosed':
      return { ...none, step: 'closed' };
    case 'PetitionCommented':
      return null; // comments (跟帖) have their own list on the page
    case 'PetitionWithdrawn':
      return { ...none, step: 'withdrawn' }; // the citizen's reason stays theirs
    case 'PetitionInterimReplied':
      // That the department gave one, and when; the text is for the citizen (it is about their case, not the answer).
      return { ...none, step: 'interim_reply', departmentId: str(event.data.departmentId) };
    case 'InformationRequested':
      // That the department asked and the clock stood still; what it asked is the citizen's.
      return { ...none, step: 'information_requested', departmentId: str(event.data.departmentId) };
    case 'InformationSupplied':
    case 'InformationRequestLapsed':
      // The response deadline moved by the pause: the public page shows the new one.
      return { ...none, step: 'clock_resumed', departmentId: str(event.data.departmentId), respondBy: iso(event.data.respondBy) };
    case 'ReviewDeadlineMissed':
      return null; // 亮红灯 is internal
    // Between and inside departments; the lead's answer is the public step.
    case 'AssistanceProvided':
    case 'PetitionPassedDown':
    case 'PetitionAnsweredUp':
    case 'HandlerAssigned':
    case 'PublicationModerated':
    case 'PersonalDataErased':
    case 'ReporterIdentityReleased':
      return null;
    default: {
      const unhandled: never = event;
      void unhandled;
      return null; // an event type from a newer contract, at run time: not shown until this knows it
    }
  }
}

// --- text messages (the notification outbox; the texts are in notifications/sms-templates.ts) ---

/** What an event's messages are worded with: the petition as known after the event, and its addressing. */
export interface SmsContext {
  readonly to: Addressing;
  /** The kind of the petition (a parameter of some texts). */
  readonly kind: string | null;
  /** 回访: the caller holds no access key (ratedByCallBack), so is told of no key and no online rating. */
  readonly ratedByCallBack: boolean;
}

type SmsOf = { [T in StreamEvent['type']]: (e: Extract<StreamEvent, { type: T }>, c: SmsContext) => OutboxMessage[] };

const none = (): OutboxMessage[] => [];

/** Whom each event texts, with which template and parameters (never a phone number, a name or free text). */
const SMS: SmsOf = {
  PetitionSubmitted: (_e, { to, ratedByCallBack }) => [
    ...to.toCitizen(ratedByCallBack ? 'petition_received_callback' : 'petition_received'),
    ...to.toOffice('reviewer', 'new_case_waiting'),
  ],
  PetitionReviewed: (e, { to, ratedByCallBack }) =>
    e.data.outcome === 'accepted'
      ? to.toCitizen('petition_accepted')
      : e.data.outcome === 'duplicate'
        ? to.toCitizen(ratedByCallBack ? 'petition_duplicate_callback' : 'petition_duplicate')
        : to.toCitizen(ratedByCallBack ? 'petition_rejected_callback' : 'petition_rejected'),
  PetitionDispatched: (e, { to }) =>
    to.toDepartment('case_dispatched', { acknowledgeBy: String(e.data.acknowledgeBy), respondBy: String(e.data.respondBy) }),
  PetitionAcknowledged: none,
  PetitionResponded: (e, { to, kind, ratedByCallBack }) =>
    ratedByCallBack
      ? to.toCitizen('petition_answered_callback')
      : to.toCitizen('petition_answered', { answeredAt: String(e.data.at), kind: kind ?? '' }),
  PetitionDeadlineMissed: (e, { to }) =>
    to.toDepartment('deadline_missed', { deadline: String(e.data.deadline), dueAt: String(e.data.dueAt) }),
  PetitionReturned: (e, { to }) => to.toOffice('reviewer', 'case_returned', { returnedAt: String(e.data.at) }),
  ExtensionRequested: (e, { to, kind }) =>
    to.toOffice('supervisor', 'extension_requested', {
      currentRespondBy: String(e.data.currentRespondBy),
      requestedRespondBy: String(e.data.requestedRespondBy),
      requestedAt: String(e.data.at),
      kind: kind ?? '',
    }),
  ExtensionDecided: (e, { to }) =>
    e.data.approved === true
      ? [
          ...to.toDepartment('extension_approved', { respondBy: String(e.data.respondBy) }),
          ...to.toCitizen('petition_extended', { respondBy: String(e.data.respondBy) }),
        ]
      : to.toDepartment('extension_refused', { respondBy: String(e.data.previousRespondBy) }),
  PetitionRated: (e, { to }) => (e.data.satisfaction === 'unsatisfied' ? to.toOffice('supervisor', 'rated_unsatisfied') : []),
  PetitionReopened: (e, { to }) => [
    ...to.toDepartment('case_reopened', { respondBy: String(e.data.respondBy) }),
    ...to.toCitizen('petition_reopened', { respondBy: String(e.data.respondBy) }),
  ],
  PetitionEscalated: (e, { to }) => {
    // A manual escalation is the supervision office's own act: the office is not texted about it; the department and the citizen are.
    const supervisor =
      e.data.automatic === true
        ? to.toOffice('supervisor', 'escalated_automatically', {
            respondBy: String(e.data.respondBy ?? ''),
            level: Number(e.data.level ?? 1),
          })
        : [];
    return [...to.toDepartment('case_escalated'), ...supervisor, ...to.toCitizen('petition_escalated')];
  },
  PetitionClosed: none, // and nothing more is told about a closed case
  PetitionCommented: none,
  // Told before the PetitionClosed that follows: the department stops work; the citizen learns it was
  // done with their key (someone else holding it would be noticed).
  PetitionWithdrawn: (_e, { to }) => [...to.toDepartment('case_withdrawn'), ...to.toCitizen('petition_withdrawn')],
  // A caller without a key cannot read the reply or supply online: they are sent to 12345 with their code (as for a refusal above).
  PetitionInterimReplied: (_e, { to, ratedByCallBack }) =>
    to.toCitizen(ratedByCallBack ? 'petition_interim_reply_callback' : 'petition_interim_reply'),
  InformationRequested: (e, { to, ratedByCallBack }) =>
    to.toCitizen(ratedByCallBack ? 'petition_information_requested_callback' : 'petition_information_requested', {
      supplyBy: String(e.data.supplyBy),
    }),
  InformationSupplied: (e, { to }) => to.toDepartment('information_supplied', { respondBy: String(e.data.respondBy) }),
  InformationRequestLapsed: (e, { to }) => to.toDepartment('information_request_lapsed', { respondBy: String(e.data.respondBy) }),
  ReviewDeadlineMissed: (e, { to }) => to.toOffice('reviewer', 'review_deadline_missed', { dueAt: String(e.data.dueAt) }),
  // Departments see these in their queues; the citizen is texted by the lead's answer.
  AssistanceProvided: none,
  PetitionPassedDown: none,
  PetitionAnsweredUp: none,
  HandlerAssigned: none,
  PublicationModerated: none, // the offices' own act about the public site
  PersonalDataErased: none,
  ReporterIdentityReleased: none,
};

/** The messages one event sends. */
export const smsOf = (e: StreamEvent, c: SmsContext): OutboxMessage[] => {
  // An event type from a newer contract, at run time, texts no one until this knows it.
  const of = SMS[e.type] as ((e: StreamEvent, c: SmsContext) => OutboxMessage[]) | undefined;
  return of ? of(e, c) : [];
};
