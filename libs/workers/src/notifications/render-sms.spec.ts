import { WorkingDayCalendar } from '@wenzheng/calendar';
import { defaultPolicies } from '@wenzheng/petition';
import { MAX_SITE_URL_LENGTH } from '@wenzheng/platform';
import { SMS_TEMPLATES, TemplateKey } from '@wenzheng/read-models';
import { RenderContext, renderSms } from './render-sms';

const TRACKING = 'WZ20261012-7K3M9Q2XAB';
const SITE = 'https://wz.example.gov.cn';
/** Every parameter any template reads, with values as the outbox and the watcher give them. */
const PARAMS = {
  trackingCode: TRACKING,
  kind: 'complaint',
  answeredAt: '2026-10-21T02:00:00.000Z',
  requestedAt: '2026-09-30T07:00:00.000Z',
  returnedAt: '2026-10-12T02:00:00.000Z',
  acknowledgeBy: '2026-09-30T15:59:59.999Z',
  respondBy: '2026-10-15T15:59:59.999Z',
  dueAt: '2026-10-15T15:59:59.999Z',
  currentRespondBy: '2026-10-15T15:59:59.999Z',
  requestedRespondBy: '2026-10-23T15:59:59.999Z',
  supplyBy: '2026-10-20T15:59:59.999Z',
  deadline: 'response',
  level: 1,
};
const KEYS = Object.keys(SMS_TEMPLATES) as TemplateKey[];
/** The longest department name (市人力资源和社会保障局) or longer, for the worst case. */
const DEPARTMENT = '市人力资源和社会保障局';

const render = (template: TemplateKey, siteUrl?: string): string => {
  const ctx: RenderContext = {
    departmentName: () => DEPARTMENT,
    calendar: new WorkingDayCalendar(),
    policies: defaultPolicies(),
    siteUrl,
  };
  return renderSms(template, PARAMS, 'dept', ctx);
};

/** The texts that send a key holder online (查询码和查询密钥): the citizen's, never a caller's (*_callback). */
const keyHolderTexts = KEYS.filter((k) => SMS_TEMPLATES[k].recipient === 'citizen' && SMS_TEMPLATES[k].text.includes('查询密钥'));

/** A Chinese SMS: one segment of 70 characters, or segments of 67 when it is split (UCS-2). */
const segments = (text: string): number => (text.length <= 70 ? 1 : Math.ceil(text.length / 67));

describe('the citizen is told where to look (PUBLIC_SITE_URL)', () => {
  it('the key holder texts are received, rejected, duplicate, answered, interim reply and information requested', () => {
    expect(keyHolderTexts.sort()).toEqual(
      [
        'petition_answered',
        'petition_duplicate',
        'petition_information_requested',
        'petition_interim_reply',
        'petition_received',
        'petition_rejected',
      ].sort(),
    );
  });

  it('with the site set, each key holder text names its 我的留言 page, and no other text names anything', () => {
    for (const k of KEYS) {
      const text = render(k, SITE);
      if (keyHolderTexts.includes(k)) expect(text).toContain(`登录${SITE}/my 查`);
      else expect(text).not.toMatch(/https?:|登录/);
    }
    expect(render('petition_received', SITE)).toBe(
      `【问政】您的诉求已收到，查询码${TRACKING}。请妥善保管查询码和查询密钥，可凭其登录${SITE}/my 查询办理进度。`,
    );
    expect(render('petition_rejected', SITE)).toBe(
      `【问政】您的诉求（查询码${TRACKING}）经审核未予受理，具体原因请凭查询码和查询密钥登录${SITE}/my 查询。`,
    );
    expect(render('petition_information_requested', SITE)).toContain(`请于10月20日前凭查询码和查询密钥登录${SITE}/my 查看并提交；`);
  });

  it('the address is the site alone: never the tracking code in it', () => {
    for (const k of keyHolderTexts) {
      const url = /https:\/\/\S+/.exec(render(k, SITE))?.[0];
      expect(url).toBe(`${SITE}/my`);
    }
  });

  it('without the site, the texts read as before', () => {
    expect(render('petition_received')).toBe(`【问政】您的诉求已收到，查询码${TRACKING}。请妥善保管查询码和查询密钥，可凭其查询办理进度。`);
    expect(render('petition_rejected')).toBe(`【问政】您的诉求（查询码${TRACKING}）经审核未予受理，具体原因请凭查询码和查询密钥查询。`);
    expect(render('petition_duplicate')).toContain('请凭查询码和查询密钥查询进度。');
    expect(render('petition_answered')).toContain('请凭查询码和查询密钥查看，并于10月28日前');
    for (const k of KEYS) expect(render(k)).not.toMatch(/https?:|登录|\{|\}/);
  });

  it('with the longest address PUBLIC_SITE_URL takes (40 characters), the site adds one segment at most and no citizen text passes three', () => {
    const longest = `https://${'w'.repeat(MAX_SITE_URL_LENGTH - 'https://.gov.cn'.length)}.gov.cn`;
    expect(longest).toHaveLength(40);
    for (const k of keyHolderTexts) expect(segments(render(k, longest)) - segments(render(k))).toBeLessThanOrEqual(1);
    const citizen = KEYS.filter((k) => SMS_TEMPLATES[k].recipient === 'citizen');
    expect(Math.max(...citizen.map((k) => segments(render(k, longest))))).toBe(3);
    // with a 25-character address (SITE): two; the longest (补充材料) fills them, 134 characters
    expect(Math.max(...citizen.map((k) => render(k, SITE).length))).toBe(134);
    expect(Math.max(...citizen.map((k) => segments(render(k, SITE))))).toBe(2);
  });
});
