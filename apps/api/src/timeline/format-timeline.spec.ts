import type { PetitionEvent } from '@wenzheng/petition';
import { ROADS, WATER, endOf, ev, local } from '../../../../libs/petition/src/testing/fixtures';
import { TimelineEntry, displayWidth, formatTimeline, localTime } from './format-timeline';

const names: Record<string, string> = { [WATER]: '市水务集团', [ROADS]: '市交通运输局' };
const context = {
  departmentName: (id: string) => names[id],
  categoryName: (id: string) => (id === 'water-supply' ? '供水' : undefined),
  now: local('2026-04-01T12:00'),
};

const reviewer = { role: 'reviewer' };
const handler = { role: 'handler', departmentId: WATER };
const system = { role: 'system' };
const entry = (event: PetitionEvent, actor?: TimelineEntry['actor']): TimelineEntry => ({ event, actor });

const citizen = { name: '欧阳娜娜', phone: '13812345678', idNumber: '33030219800101102X', email: 'nana@example.com' };
const submitted = entry(ev.submitted({ title: '欧阳娜娜反映：停水请回电13812345678', citizen, trackingCode: 'WZ20260302-ABCDEFGHJK' }), {
  role: 'citizen',
});

describe('formatTimeline', () => {
  const lines = (text: string) => text.split('\n');

  it('a late acknowledgement, an approved extension, an on-time answer and a rating, in Chinese with local times', () => {
    const text = formatTimeline(
      '0b7e6f0a-3c1d-4e2f-9a8b-000000000001',
      [
        submitted,
        entry(ev.reviewed(), reviewer),
        entry(ev.dispatched({ note: '请尽快核实' }), reviewer),
        entry(ev.deadlineMissed(), system),
        entry(ev.acknowledged({ onTime: false, at: local('2026-03-04T09:15').toISOString() }), handler),
        entry(ev.extensionRequested(), handler),
        entry(ev.extensionDecided(), { role: 'supervisor' }),
        entry(ev.escalated({ automatic: true, level: 1, reason: '逾期未办结' }), system),
        entry(ev.responded({ respondBy: endOf('2026-03-20'), at: local('2026-03-18T16:30').toISOString() }), handler),
        entry(ev.rated({ satisfaction: 'basically_satisfied', comment: '还行' }), { role: 'citizen' }),
        entry(ev.closed({ reason: 'rated' }), system),
        entry(ev.commented(), { role: 'citizen' }),
      ],
      context,
    );

    expect(text).toContain('问政件 WZ20260302-ABCDEFGHJK');
    expect(text).toContain('类型：投诉　渠道：网站　提交人：欧阳**');
    expect(text).toContain('当前状态：已办结');
    expect(lines(text).find((l) => l.startsWith('2026') && l.includes('提交'))).toMatch(
      /^2026-03-02 09:00 {2}提交 +市民 +投诉，经网站提交，来信对象：市长信箱$/,
    );
    const toMailbox = formatTimeline(
      '0b7e6f0a-3c1d-4e2f-9a8b-000000000002',
      [entry(ev.submitted({ addressee: { type: 'mayor', mailboxId: 'vice-mayor-urban' } }), { role: 'citizen' })],
      context,
    );
    expect(toMailbox).toMatch(/来信对象：市长信箱（vice-mayor-urban）$/m);
    expect(text).toMatch(/2026-03-02 10:00 {2}受理 +值班员 +分类：供水/);
    expect(text).toMatch(
      /2026-03-02 11:00 {2}派单 +值班员 +派往 市水务集团；签收时限 2026-03-03 23:59；办复时限 2026-03-12 23:59；附言：请尽快核实/,
    );
    expect(text).toMatch(/2026-03-04 00:05 {2}亮红灯\(回应\) +系统 +市水务集团 未在 2026-03-03 23:59 前签收/);
    expect(text).toMatch(/2026-03-04 09:15 {2}签收 +承办人（市水务集团） +超时（签收时限 2026-03-03 23:59）/);
    expect(text).toMatch(/延期申请 +承办人（市水务集团） +申请办复时限由 2026-03-12 23:59 延至 2026-03-20 23:59；理由：需要现场勘察/);
    expect(text).toMatch(/延期审批\(同意\) +督查员 +办复时限延至 2026-03-20 23:59/);
    expect(text).toMatch(/督办\(自动\) +系统 +第 1 级督办/);
    expect(text).toMatch(/2026-03-18 16:30 {2}答复 +承办人（市水务集团） +准时（办复时限 2026-03-20 23:59）；答复：已更换老化管道/);
    expect(text).toMatch(/评价\(基本满意\) +市民 +留言：还行/);
    expect(text).toMatch(/办结 +系统 +原因：已评价/);
    expect(text).toMatch(/跟帖 +市民 +网友a1b2：同小区，确有此事/);
    expect(text).toContain('  签收：超时（2026-03-04 09:15 签收，时限 2026-03-03 23:59）');
    expect(text).toContain('  办复：准时（2026-03-18 16:30 答复，时限 2026-03-20 23:59）');
  });

  it('prints no personal data: masked name only, free text redacted', () => {
    const text = formatTimeline(
      'x',
      [submitted, entry(ev.reviewed({ outcome: 'rejected', reason: '已电话联系欧阳娜娜（13812345678）说明' }), reviewer)],
      context,
    );
    for (const secret of [citizen.name, '娜娜', citizen.phone, citizen.idNumber, citizen.email, 'nana']) expect(text).not.toContain(secret);
    expect(text).toContain('欧阳**');
    expect(text).toContain('138****5678');
    expect(text).toMatch(/不予受理 +值班员 +理由：已电话联系欧阳\*\*（138\*\*\*\*5678）说明/);
  });

  it('labels every outcome: duplicate, return, refused extension, reopen, missed response deadline, manual escalation', () => {
    const dup = formatTimeline(
      'x',
      [
        submitted,
        entry(ev.reviewed({ outcome: 'duplicate', duplicateOf: 'WZ20260301-0000000000', categoryId: undefined }), reviewer),
        entry(ev.closed({ reason: 'duplicate' }), system),
      ],
      context,
    );
    expect(dup).toMatch(/重复件 +值班员 +与 WZ20260301-0000000000 重复/);
    expect(dup).toMatch(/办结 +系统 +原因：重复件/);
    expect(dup).toContain('  签收：未派单');

    const text = formatTimeline(
      'x',
      [
        submitted,
        entry(ev.reviewed(), reviewer),
        entry(ev.dispatched({ departmentId: ROADS }), reviewer),
        entry(ev.returned({ departmentId: ROADS }), { role: 'handler', departmentId: ROADS }),
        entry(ev.dispatched(), reviewer),
        entry(ev.acknowledged(), handler),
        entry(ev.extensionRequested(), handler),
        entry(ev.extensionDecided({ approved: false, respondBy: undefined, reason: '理由不充分' }), { role: 'supervisor' }),
        entry(ev.deadlineMissed({ deadline: 'response', dueAt: endOf('2026-03-12') }), system),
        entry(ev.escalated({ level: 2 }), { role: 'supervisor' }),
        entry(ev.responded({ onTime: false }), handler),
        entry(ev.rated({ satisfaction: 'unsatisfied' }), { role: 'citizen' }),
        entry(ev.reopened(), { role: 'supervisor' }),
      ],
      context,
    );
    expect(text).toMatch(/退单 +承办人（市交通运输局） +市交通运输局 退回，理由：不属于本单位职责/);
    expect(text).toMatch(/延期审批\(不同意\) +督查员 +办复时限仍为 2026-03-12 23:59；理由：理由不充分/);
    expect(text).toMatch(/亮红灯\(办复\) +系统 +市水务集团 未在 2026-03-12 23:59 前答复/);
    expect(text).toMatch(/督办\(人工\) +督查员 +第 2 级督办/);
    expect(text).toMatch(/答复 +承办人（市水务集团） +超时/);
    expect(text).toMatch(/评价\(不满意\) +市民/);
    expect(text).toMatch(/重办 +督查员 +第 1 次重办，新办复时限 2026-03-23 23:59；理由：问题未解决/);
    expect(text).toContain('当前状态：办理中　承办单位：市水务集团');
    expect(text).toContain('  签收：准时（2026-03-03 09:00 签收，时限 2026-03-03 23:59）');
    // Reopened: a new response deadline runs, and on 2026-04-01 it has passed.
    expect(text).toContain('  办复：未答复，时限 2026-03-23 23:59（已超时）');
    expect(text).toContain('退单 1 次　重办 1 次　亮红灯 1 次　督办 2 级');
  });

  it('an open case shows its running deadlines as not yet due', () => {
    const text = formatTimeline('x', [submitted, entry(ev.reviewed(), reviewer), entry(ev.dispatched(), reviewer)], {
      ...context,
      now: local('2026-03-02T12:00'),
    });
    expect(text).toContain('当前状态：已派单，待签收　承办单位：市水务集团');
    expect(text).toContain('签收时限：2026-03-03 23:59　办复时限：2026-03-12 23:59');
    expect(text).toContain('  签收：未签收，时限 2026-03-03 23:59（未到期）');
  });

  it('after a PIPL erasure: no name to mask, and the erasure is on the timeline', () => {
    const erased = entry(ev.submitted({ citizen: { name: '', phone: '', erased: true } as never, title: '小区停水（已脱敏）' }), {
      role: 'citizen',
    });
    const erasure = entry(
      {
        type: 'PersonalDataErased',
        data: { petitionId: 'x', at: local('2026-03-20T10:00').toISOString(), reason: '个人信息删除申请 PIPL-2026-003' },
      } as never,
      { role: 'admin' },
    );
    const text = formatTimeline('x', [erased, entry(ev.reviewed(), reviewer), erasure], context);
    expect(text).toContain('提交人：（个人信息已删除）');
    expect(text).toMatch(
      /2026-03-20 10:00 {2}个人信息删除 +管理员 +依法删除提交人个人信息（加密密钥已销毁）；理由：个人信息删除申请 PIPL-2026-003/,
    );
    expect(text).toContain('当前状态：已受理，待派单');
  });

  it('names a department missing from reference data by its id rather than failing', () => {
    const text = formatTimeline(
      'x',
      [submitted, entry(ev.reviewed(), reviewer), entry(ev.dispatched({ departmentId: 'gone' }), reviewer)],
      context,
    );
    expect(text).toContain('派往 未知单位 gone');
  });
});

describe('localTime and displayWidth', () => {
  it('shows Asia/Shanghai wall-clock time whatever the host zone', () => {
    expect(localTime('2026-10-15T15:59:59.999Z')).toBe('2026-10-15 23:59');
    expect(localTime('2026-12-31T16:00:00Z')).toBe('2027-01-01 00:00');
  });

  it('counts CJK as two columns', () => {
    expect(displayWidth('签收')).toBe(4);
    expect(displayWidth('延期审批(同意)')).toBe(14);
    expect(displayWidth('承办人（市水务集团）')).toBe(20);
  });

  it('a withdrawal, an interim reply and moderation, each on its line with the name masked in free text', () => {
    const text = formatTimeline(
      '0b7e6f0a-3c1d-4e2f-9a8b-000000000001',
      [
        submitted,
        entry(ev.reviewed(), reviewer),
        entry(ev.dispatched(), reviewer),
        entry(ev.acknowledged(), handler),
        entry(ev.interimReplied({ text: '已联系欧阳娜娜，正在协调' }), handler),
        entry(ev.moderated({ target: 'comment', commentId: 'c-1', reason: '跟帖含辱骂' }), { role: 'supervisor' }),
        entry(ev.withdrawn({ reason: '已自行解决', at: local('2026-03-06T10:00').toISOString() }), { role: 'citizen' }),
        entry(ev.closed({ reason: 'withdrawn', at: local('2026-03-06T10:00').toISOString() }), { role: 'citizen' }),
      ],
      context,
    );
    expect(text).toMatch(/阶段性答复 +承办人（市水务集团） +市水务集团：已联系欧阳\*\*，正在协调（办复时限不变）/);
    expect(text).toMatch(/屏蔽 +督查员 +跟帖 c-1；理由：跟帖含辱骂/);
    expect(text).toMatch(/2026-03-06 10:00 {2}撤回 +市民 +提交人撤回诉求（时在 市水务集团 办理中）；理由：已自行解决/);
    expect(text).toMatch(/办结 +市民 +原因：提交人撤回/);
    expect(text).not.toContain('欧阳娜娜');
  });
});

describe('formatTimeline: 协办, 下派 and 承办人', () => {
  it('names the assisting departments on the dispatch, the contribution, the pass down, the answer up and the handler', () => {
    const text = formatTimeline(
      '0b7e6f0a-3c1d-4e2f-9a8b-000000000001',
      [
        submitted,
        entry(ev.reviewed(), reviewer),
        entry(ev.dispatched({ assisting: [{ departmentId: ROADS, contributeBy: endOf('2026-03-09') }] }), reviewer),
        entry(ev.handlerAssigned(), handler),
        entry(ev.assistanceProvided({ text: '已联系欧阳娜娜核实路段', onTime: false }), { role: 'handler', departmentId: ROADS }),
        entry(ev.acknowledged(), handler),
        entry(ev.passedDown({ departmentId: ROADS, note: '请现场核实' }), handler),
        entry(ev.answeredUp({ departmentId: ROADS, text: '已处置' }), { role: 'handler', departmentId: ROADS }),
      ],
      context,
    );
    expect(text).toMatch(/派单 .*协办 市交通运输局（协办时限 2026-03-09 23:59）/);
    expect(text).toMatch(/指定承办人 +承办人（市水务集团） +市水务集团：李工/);
    expect(text).toMatch(/协办反馈 .*市交通运输局 向主办 市水务集团 反馈，超时（协办时限 2026-03-09 23:59）：已联系欧阳\*\*核实路段/);
    expect(text).toMatch(/下派 .*市水务集团 下派至 市交通运输局（主办 市水务集团，时限不变）；附言：请现场核实/);
    expect(text).toMatch(/下派反馈 .*市交通运输局 向 市水务集团 反馈：已处置/);
    expect(text).not.toContain('欧阳娜娜');
  });
});

describe('formatTimeline: 补充材料, the review red light and 联系不上', () => {
  it('the late review, the question and its pause, what was supplied, a lapsed request and an unreachable answer, with the deadlines moved', () => {
    const text = formatTimeline(
      '0b7e6f0a-3c1d-4e2f-9a8b-000000000001',
      [
        submitted,
        entry(
          ev.reviewDeadlineMissed({ dueAt: local('2026-03-02T09:30').toISOString(), at: local('2026-03-02T09:35').toISOString() }),
          system,
        ),
        entry(ev.reviewed(), reviewer),
        entry(ev.dispatched(), reviewer),
        entry(ev.acknowledged(), handler),
        entry(ev.informationRequested({ question: '请欧阳娜娜补充漏水位置照片' }), handler),
        entry(ev.informationSupplied({ text: '照片见附件，电话13812345678' }), { role: 'citizen' }),
        entry(ev.informationRequested({ at: local('2026-03-09T10:00').toISOString(), supplyBy: endOf('2026-03-16') }), handler),
        entry(
          ev.informationRequestLapsed({
            supplyBy: endOf('2026-03-16'),
            previousRespondBy: endOf('2026-03-16'),
            respondBy: endOf('2026-03-21'),
            at: local('2026-03-17T00:05').toISOString(),
          }),
          system,
        ),
        entry(
          ev.responded({
            outcome: 'unreachable',
            answer: '多次致电未接通',
            respondBy: endOf('2026-03-21'),
            at: local('2026-03-18T15:00').toISOString(),
          }),
          handler,
        ),
      ],
      context,
    );
    expect(text).toMatch(/亮红灯\(审核\) +系统 +市长专线办公室未在 2026-03-02 09:30 前审核/);
    expect(text).toMatch(
      /补充材料 +承办人（市水务集团） +市水务集团 请提交人于 2026-03-11 23:59 前补充：请欧阳\*\*补充漏水位置照片（办复计时暂停）/,
    );
    expect(text).toMatch(
      /补充材料\(已补充\) +市民 +照片见附件，电话\S*；计时暂停 2 个工作日，办复时限 2026-03-12 23:59 → 2026-03-16 23:59/,
    );
    expect(text).toMatch(
      /补充材料\(逾期未补充\) +系统 +提交人未在 2026-03-16 23:59 前补充，恢复计时；暂停 5 个工作日，办复时限 2026-03-16 23:59 → 2026-03-21 23:59/,
    );
    expect(text).toMatch(/答复\(联系不上\) +承办人（市水务集团）/);
    // The footer measures the answer against the deadline the last resumption set.
    expect(text).toMatch(/办复：准时（2026-03-18 15:00 答复，时限 2026-03-21 23:59）/);
    expect(text).not.toContain('欧阳娜娜');
    expect(text).not.toContain('13812345678');
  });
});
