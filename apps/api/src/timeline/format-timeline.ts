import { SHANGHAI_OFFSET_MS } from '@wenzheng/calendar';
import { redactText, maskName } from '@wenzheng/redaction';
import { PetitionEvent, fold, summarize } from '@wenzheng/petition';

// One case's history as a person reads it (办理过程): Chinese labels, Shanghai local times,
// who acted, deadlines and whether they were met. Pure: the CLI supplies names and the clock.
// No personal data: the citizen appears as a masked name, free text is redacted with that name.

export interface TimelineEntry {
  readonly event: PetitionEvent;
  /** The actor from the stored metadata. */
  readonly actor?: { readonly role?: string; readonly departmentId?: string };
}

export interface TimelineContext {
  readonly departmentName: (id: string) => string | undefined;
  readonly categoryName?: (id: string) => string | undefined;
  /** For a running deadline: already late or not yet due. */
  readonly now: Date;
}

/** 'YYYY-MM-DD HH:mm' in Asia/Shanghai; a deadline (23:59:59.999) shows as 23:59. */
export function localTime(instant: string | Date): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (!Number.isFinite(ms)) return String(instant);
  const t = new Date(ms + SHANGHAI_OFFSET_MS).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

const CHANNELS: Record<string, string> = {
  web: '网站',
  hotline_12345: '12345热线',
  wechat: '微信',
  weibo: '微博',
  app: 'App',
  email: '电子邮件',
};
const KINDS: Record<string, string> = {
  consultation: '咨询',
  complaint: '投诉',
  suggestion: '建议',
  help: '求助',
  report: '举报',
  praise: '表扬',
};
const ADDRESSEES: Record<string, string> = { mayor: '市长信箱', secretary: '书记信箱', department: '部门信箱', general: '综合' };
const ROLES: Record<string, string> = {
  citizen: '市民',
  reviewer: '值班员',
  handler: '承办人',
  supervisor: '督查员',
  auditor: '审计员',
  admin: '管理员',
  system: '系统',
};
const STATUSES: Record<string, string> = {
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

/** The ideographic space (U+3000) that separates fields on a Chinese line. */
const GAP = '\u3000';

const onTime = (ok: boolean) => (ok ? '准时' : '超时');

/** Terminal columns: CJK and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

const pad = (s: string, width: number) => s + ' '.repeat(Math.max(1, width - displayWidth(s)));

interface Line {
  readonly at: string;
  readonly label: string;
  readonly who: string;
  readonly what: string;
}

interface DeadlineTrack {
  due?: string;
  done?: { at: string; onTime: boolean };
}

export function formatTimeline(petitionId: string, entries: readonly TimelineEntry[], context: TimelineContext): string {
  const submitted = entries.find((e) => e.event.type === 'PetitionSubmitted')?.event;
  const citizen = submitted?.type === 'PetitionSubmitted' ? submitted.data.citizen : undefined;
  // Empty after a PIPL erasure: the key is gone, and so is the name.
  const names = typeof citizen?.name === 'string' && citizen.name.trim() ? [citizen.name] : [];
  const text = (value: string | undefined, max = 60) => {
    if (!value) return '';
    const clean = redactText(value, { names }).replace(/\s+/g, ' ').trim();
    return [...clean].length > max ? `${[...clean].slice(0, max).join('')}…` : clean;
  };
  const department = (id: string | undefined) => (id ? (context.departmentName(id) ?? `未知单位 ${id}`) : '');
  const who = (actor: TimelineEntry['actor']) => {
    const role = actor?.role ? (ROLES[actor.role] ?? actor.role) : '未知';
    return actor?.departmentId ? `${role}（${department(actor.departmentId)}）` : role;
  };

  const acknowledgement: DeadlineTrack = {};
  const response: DeadlineTrack = {};
  const lines: Line[] = [];
  for (const { event, actor } of entries) {
    const line = (label: string, what: string) => lines.push({ at: localTime(event.data.at), label, who: who(actor), what });
    switch (event.type) {
      case 'PetitionSubmitted': {
        const d = event.data;
        const to =
          d.addressee.type === 'department'
            ? `${ADDRESSEES.department}：${department(d.addressee.departmentId)}`
            : (ADDRESSEES[d.addressee.type] ?? d.addressee.type);
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
          line(
            '重复件',
            [`与 ${d.duplicateOf ?? '（未注明）'} 重复`, d.reason ? `说明：${text(d.reason)}` : ''].filter(Boolean).join('；'),
          );
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
          `申请办复时限由 ${localTime(event.data.currentRespondBy)} 延至 ${localTime(event.data.requestedRespondBy)}；理由：${text(event.data.reason)}`,
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
        line('答复', `${onTime(event.data.onTime)}（办复时限 ${localTime(event.data.respondBy)}）；答复：${text(event.data.answer)}`);
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
        line(
          '重办',
          `第 ${event.data.reopenCount} 次重办，新办复时限 ${localTime(event.data.respondBy)}；理由：${text(event.data.reason)}`,
        );
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
          `第 ${event.data.level} 级督办${event.data.departmentId ? `，承办单位 ${department(event.data.departmentId)}` : ''}；理由：${text(event.data.reason)}`,
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
      case 'PublicationModerated': {
        const d = event.data;
        const what = `${MODERATION_TARGETS[d.target] ?? d.target}${d.commentId ? ` ${d.commentId}` : ''}`;
        line(d.action === 'hide' ? '屏蔽' : '恢复公开', `${what}；理由：${text(d.reason)}`);
        break;
      }
      default: {
        // Platform events recorded in the stream, outside the decider's union.
        const other = event as { type: string; data: { at: string; reason?: string } };
        if (other.type === 'PersonalDataErased')
          line('个人信息删除', `依法删除提交人个人信息（加密密钥已销毁）${other.data.reason ? `；理由：${text(other.data.reason)}` : ''}`);
        else line(other.type, '');
      }
    }
  }

  const state = summarize(fold(entries.map((e) => e.event)));
  const running = state.status === 'dispatched' || state.status === 'in_progress';
  const track = (t: DeadlineTrack, act: string) => {
    if (!t.due) return '未派单';
    if (t.done) return `${onTime(t.done.onTime)}（${localTime(t.done.at)} ${act}，时限 ${localTime(t.due)}）`;
    if (!running) return `未${act}（时限 ${localTime(t.due)}）`;
    return `未${act}，时限 ${localTime(t.due)}（${context.now.getTime() > Date.parse(t.due) ? '已超时' : '未到期'}）`;
  };

  const header = [`问政件 ${state.trackingCode ?? ''}`.trim(), `编号：${petitionId}`];
  if (submitted?.type === 'PetitionSubmitted') {
    const d = submitted.data;
    header.push(
      `类型：${KINDS[d.kind] ?? d.kind}${GAP}渠道：${CHANNELS[d.channel] ?? d.channel}${GAP}提交人：${names.length ? maskName(names[0]) : '（个人信息已删除）'}`,
    );
    header.push(`标题：「${text(d.title, 80)}」`);
  }
  header.push(
    `当前状态：${STATUSES[state.status] ?? state.status}${state.departmentId ? `${GAP}承办单位：${department(state.departmentId)}` : ''}`,
  );
  if (state.acknowledgeBy || state.respondBy) {
    header.push(
      [state.acknowledgeBy && `签收时限：${localTime(state.acknowledgeBy)}`, state.respondBy && `办复时限：${localTime(state.respondBy)}`]
        .filter(Boolean)
        .join(GAP),
    );
  }

  const whoWidth = Math.max(8, ...lines.map((l) => displayWidth(l.who))) + 2;
  const body = lines.map((l) => `${l.at}  ${pad(l.label, 18)}${pad(l.who, whoWidth)}${l.what}`.trimEnd());
  const deadlines = ['时限情况：', `  签收：${track(acknowledgement, '签收')}`, `  办复：${track(response, '答复')}`];
  const counts = state.counts;
  const tally = `退单 ${counts.returns} 次${GAP}重办 ${counts.reopens} 次${GAP}亮红灯 ${counts.missedDeadlines} 次${GAP}督办 ${counts.escalations} 级${GAP}跟帖 ${counts.comments} 条`;
  return (
    [...header, '', `${pad('时间', 18)}${pad('事项', 18)}${pad('办理人', whoWidth)}说明`, ...body, '', ...deadlines, `  ${tally}`].join(
      '\n',
    ) + '\n'
  );
}
