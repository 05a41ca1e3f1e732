// The SMS texts, as data: editing a wording is a change here, not in the code that sends it.
// {placeholders} are filled at send time from the message's parameters (which never hold a phone
// number, a name or free text); dates are shown as 10月15日 in Asia/Shanghai.
//
// {lookUpAt}, in the texts that send a key holder online: where to look, when the deployment names its
// public site (PUBLIC_SITE_URL), else nothing (the text reads as it did before the setting). It is the
// site's 我的留言 page alone: never the tracking code or the access key in the address, since an SMS is
// read on a lock screen. The *_callback texts (no key: they call 12345) never hold it.

export const RECIPIENT_KINDS = ['citizen', 'department', 'supervisor', 'reviewer'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

export interface SmsTemplate {
  readonly recipient: RecipientKind;
  readonly text: string;
}

export const SMS_TEMPLATES = {
  // to the citizen
  petition_received: {
    recipient: 'citizen',
    text: '【问政】您的诉求已收到，查询码{trackingCode}。请妥善保管查询码和查询密钥，可凭其{lookUpAt}查询办理进度。',
  },
  // 回访: a caller who holds no access key (ratedByCallBack: a 12345 call, an Open311 client's report)
  // is told what is true for them: no key to keep, no rating online by a date, the office calls back.
  petition_received_callback: {
    recipient: 'citizen',
    text: '【问政】您的诉求已收到，查询码{trackingCode}，可凭查询码致电12345查询办理进度。答复后我们将电话回访，听取您对办理结果的评价。',
  },
  petition_accepted: {
    recipient: 'citizen',
    text: '【问政】您的诉求（查询码{trackingCode}）已通过审核并受理，将转交有关单位办理。',
  },
  petition_rejected: {
    recipient: 'citizen',
    text: '【问政】您的诉求（查询码{trackingCode}）经审核未予受理，具体原因请凭查询码和查询密钥{lookUpAt}查询。',
  },
  petition_duplicate: {
    recipient: 'citizen',
    text: '【问政】您的诉求（查询码{trackingCode}）与已受理的诉求重复，将合并办理，请凭查询码和查询密钥{lookUpAt}查询进度。',
  },
  petition_rejected_callback: {
    recipient: 'citizen',
    text: '【问政】您的诉求（查询码{trackingCode}）经审核未予受理，具体原因可凭查询码致电12345了解。',
  },
  petition_duplicate_callback: {
    recipient: 'citizen',
    text: '【问政】您的诉求（查询码{trackingCode}）与已受理的诉求重复，将合并办理，可凭查询码致电12345了解进度。',
  },
  petition_answered: {
    recipient: 'citizen',
    text: '【问政】您的诉求（查询码{trackingCode}）已由{departmentName}答复，请凭查询码和查询密钥{lookUpAt}查看，并于{rateBy}前对办理结果作出评价。',
  },
  petition_answered_callback: {
    recipient: 'citizen',
    text: '【问政】您的诉求（查询码{trackingCode}）已由{departmentName}答复。我们将电话回访，了解您对办理结果是否满意，请留意来电。',
  },
  petition_extended: {
    recipient: 'citizen',
    text: '【问政】您的诉求（查询码{trackingCode}）办理期限已依规延长，{departmentName}将于{respondBy}前答复。',
  },
  petition_reopened: {
    recipient: 'citizen',
    text: '【问政】您的诉求（查询码{trackingCode}）因您评价不满意，已交{departmentName}重新办理，将于{respondBy}前重新答复。',
  },
  petition_withdrawn: {
    recipient: 'citizen',
    text: '【问政】您的诉求（查询码{trackingCode}）已按您的申请撤回，办理终止。如非本人操作，请致电12345。',
  },
  petition_interim_reply: {
    recipient: 'citizen',
    text: '【问政】{departmentName}对您的诉求（查询码{trackingCode}）作出了阶段性答复，请凭查询码和查询密钥{lookUpAt}查看；正式答复仍将在办理期限内作出。',
  },
  petition_interim_reply_callback: {
    recipient: 'citizen',
    text: '【问政】{departmentName}对您的诉求（查询码{trackingCode}）作出了阶段性答复，可凭查询码致电12345了解；正式答复仍将在办理期限内作出。',
  },
  petition_information_requested: {
    recipient: 'citizen',
    text: '【问政】{departmentName}请您为诉求（查询码{trackingCode}）补充材料，请于{supplyBy}前凭查询码和查询密钥{lookUpAt}查看并提交；补充前办理计时暂停，逾期未补充将恢复计时按现有材料办理。',
  },
  petition_information_requested_callback: {
    recipient: 'citizen',
    text: '【问政】{departmentName}请您为诉求（查询码{trackingCode}）补充材料，请于{supplyBy}前凭查询码致电12345了解并补充；补充前办理计时暂停，逾期未补充将恢复计时按现有材料办理。',
  },
  petition_escalated: {
    recipient: 'citizen',
    text: '【问政】您的诉求（查询码{trackingCode}）已列入督办，督查室将督促{departmentName}从速办理。',
  },
  // to the department (承办单位)
  case_dispatched: {
    recipient: 'department',
    text: '【问政】{departmentName}：您单位有新的问政件（查询码{trackingCode}），请于{acknowledgeBy}前签收、{respondBy}前答复。',
  },
  response_due_next_working_day: {
    recipient: 'department',
    text: '【问政】{departmentName}：问政件（查询码{trackingCode}）将于{respondBy}办理到期，请抓紧答复，逾期将亮红灯。',
  },
  deadline_missed: {
    recipient: 'department',
    text: '【问政】{departmentName}：问政件（查询码{trackingCode}）已超过{deadlineName}时限（{dueAt}），已亮红灯，请立即办理。',
  },
  extension_approved: {
    recipient: 'department',
    text: '【问政】{departmentName}：问政件（查询码{trackingCode}）的延期申请已批准，答复期限延至{respondBy}。',
  },
  extension_refused: {
    recipient: 'department',
    text: '【问政】{departmentName}：问政件（查询码{trackingCode}）的延期申请未获批准，请于{respondBy}前答复。',
  },
  case_reopened: {
    recipient: 'department',
    text: '【问政】{departmentName}：问政件（查询码{trackingCode}）群众不满意，已退回重办，请于{respondBy}前重新答复。',
  },
  case_withdrawn: {
    recipient: 'department',
    text: '【问政】{departmentName}：问政件（查询码{trackingCode}）已由提交人撤回，无需继续办理，不计入考核扣分。',
  },
  information_supplied: {
    recipient: 'department',
    text: '【问政】{departmentName}：问政件（查询码{trackingCode}）提交人已补充材料，恢复计时，请于{respondBy}前答复。',
  },
  information_request_lapsed: {
    recipient: 'department',
    text: '【问政】{departmentName}：问政件（查询码{trackingCode}）提交人逾期未补充材料，已恢复计时，请按现有材料于{respondBy}前答复。',
  },
  case_escalated: {
    recipient: 'department',
    text: '【问政】{departmentName}：问政件（查询码{trackingCode}）已被督办，请从速办理并答复。',
  },
  // to the supervision office (督查室)
  extension_requested: {
    recipient: 'supervisor',
    text: '【问政】延期申请：{departmentName}申请将问政件（查询码{trackingCode}）答复期限由{currentRespondBy}延至{requestedRespondBy}，请于{decideBy}前审批，逾期未审批的由系统自动批准。',
  },
  rated_unsatisfied: {
    recipient: 'supervisor',
    text: '【问政】不满意评价：问政件（查询码{trackingCode}，承办单位{departmentName}）的答复被群众评价为不满意，请及时研究是否退回重办。',
  },
  escalated_automatically: {
    recipient: 'supervisor',
    text: '【问政】督办提醒：问政件（查询码{trackingCode}，承办单位{departmentName}）答复期限{respondBy}已逾期超过规定工作日，系统已自动督办（第{level}次）。',
  },
  // to the hotline office's reviewers (值班员, one duty phone)
  new_case_waiting: {
    recipient: 'reviewer',
    text: '【问政】值班提醒：有新的问政件（查询码{trackingCode}）待审核受理，请及时处理。',
  },
  review_deadline_missed: {
    recipient: 'reviewer',
    text: '【问政】审核超时：问政件（查询码{trackingCode}）未在{dueAt}前审核受理，已亮红灯，请立即审核。',
  },
  case_returned: {
    recipient: 'reviewer',
    text: '【问政】退单提醒：问政件（查询码{trackingCode}）已被{departmentName}退回，请于{redispatchBy}前重新转办。',
  },
} as const satisfies Record<string, SmsTemplate>;

/** The public site's page where a citizen looks a case up by tracking code and access key (apps/web/src/public/PublicApp.tsx). */
export const MY_CASE_PATH = '/my';

/** {lookUpAt} with the site set: 登录https://wz.example.gov.cn/my followed by a space (so no link finder runs the address into the next word). */
export const lookUpAt = (siteUrl: string): string => `登录${siteUrl}${MY_CASE_PATH} `;

export type TemplateKey = keyof typeof SMS_TEMPLATES;

export const isTemplateKey = (key: string): key is TemplateKey => Object.prototype.hasOwnProperty.call(SMS_TEMPLATES, key);
