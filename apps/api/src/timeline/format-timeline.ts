import { redactText, maskName } from '@wenzheng/redaction';
import { PetitionEvent, fold, summarize } from '@wenzheng/petition';
import { CHANNELS, DeadlineTrack, KINDS, ROLES, STATUSES, localTime, onTime, timelineLine } from '@wenzheng/read-models';

export { localTime };

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

/** The ideographic space (U+3000) that separates fields on a Chinese line. */
const GAP = '\u3000';

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
    timelineLine(event, { line, text, department, categoryName: context.categoryName, acknowledgement, response });
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
