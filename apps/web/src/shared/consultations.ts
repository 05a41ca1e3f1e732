// The consultation (意见征集) read routes declare examples, not schemas, in the OpenAPI document;
// their shapes are written here from apps/api/src/consultations/read-consultations/consultation-reader.ts
// (the fields the screens read). Labels live here too, beside the screens that use them.

import { TAG } from './colors';

export type ConsultationStatus = 'open' | 'closed' | 'summarised';

/** White on these colours is AA (antd's pale preset tags are not). */
export const STATUS_COLOR: Record<ConsultationStatus, string> = { open: TAG.green, closed: TAG.amber, summarised: TAG.blue };
export type AdoptionOutcome = 'adopted' | 'partly_adopted' | 'not_adopted';

export interface ConsultationItem {
  id: string;
  departmentId: string;
  title: string;
  status: ConsultationStatus;
  opensAt: string;
  closesAt: string;
  summaryDueBy: string;
  opinionsReceived: number;
  opinionsPublished: number;
  summaryPublishedAt: string | null;
}

export interface FeedbackItem {
  opinionId?: string;
  topic: string;
  outcome: AdoptionOutcome;
  reason: string;
}

export interface FeedbackSummary {
  items: FeedbackItem[];
  text: string;
  publishedAt: string;
  late: boolean;
}

export interface PublicConsultation extends ConsultationItem {
  draft: string;
  contact: string | null;
  /** Absent from a server that predates them. */
  attachments?: { name: string; url: string }[];
  opinions: { opinionId: string; text: string; submittedAt: string }[];
  summary: FeedbackSummary | null;
}

export interface ManagedOpinion {
  opinionId: string;
  text: string;
  private: boolean;
  status: 'pending' | 'published' | 'rejected';
  submittedAt: string;
  moderatedAt: string | null;
}

export interface ManagedConsultation extends PublicConsultation {
  opinionsPending: number;
  opinionsPrivate: number;
  redLight: { summaryOverdueAt: string; dueAt: string } | null;
  opinions: ManagedOpinion[];
}

export interface ConsultationPage<T> {
  items: T[];
  total: number;
}

export const cm = {
  nav: '意见征集',
  title: '意见征集',
  intro: '政府部门就政策文件草案公开征求意见，欢迎您在征求意见期内发表意见。',
  empty: '暂无意见征集',
  status: { open: '征求意见中', closed: '已截止，待反馈', summarised: '已反馈' } as Record<ConsultationStatus, string>,
  period: '征求意见期',
  to: '至',
  department: '发布部门',
  contact: '联系方式',
  draft: '草案全文',
  attachments: '附件',
  opinionsReceived: '收到意见',
  opinionsPublished: '公开意见',
  count: (n: number) => `${n} 条`,
  opinions: '网民意见',
  noOpinions: '暂无公开的意见',
  summary: '采纳情况反馈',
  noSummary: '征求意见结束后，发布部门将在此公布意见采纳情况。',
  summaryDueBy: '反馈期限',
  summaryLate: '逾期反馈',
  outcome: { adopted: '采纳', partly_adopted: '部分采纳', not_adopted: '未采纳' } as Record<AdoptionOutcome, string>,
  topic: '意见事项',
  reason: '理由',
  form: {
    title: '发表意见',
    text: '您的意见',
    anonymous: '匿名发表（不记录账号）',
    private: '不公开（仅供发布部门参考，计入意见总数）',
    submit: '提交意见',
    sent: '意见已提交，经审核后公开（选择不公开的意见不会公开）。',
    closed: '征求意见期已结束，不再接收意见。',
    notOpenYet: '征求意见尚未开始。',
    hint: '请勿填写姓名、电话等个人信息；如填写，公开时将自动遮盖。',
  },
  console: {
    nav: '意见征集管理',
    list: '本部门意见征集',
    create: '发布征求意见稿',
    titleField: '标题',
    draftField: '草案全文',
    contactField: '联系方式（科室，不填个人）',
    attachmentsField: '附件（可选）',
    attachmentsHelp: '每行一个：附件名称、空格、https 链接',
    opensAt: '开始时间（北京时间）',
    closesAt: '截止时间（北京时间）',
    publish: '发布',
    published: '已发布',
    pending: '待审核',
    private: '不公开',
    moderation: '意见审核',
    publishOpinion: '公开',
    rejectOpinion: '不予公开',
    opinionStatus: { pending: '待审核', published: '已公开', rejected: '不予公开' } as Record<ManagedOpinion['status'], string>,
    close: '截止征求意见',
    redLight: '亮红灯：反馈逾期',
    summaryText: '反馈说明',
    outcomeField: '采纳情况',
    addItem: '增加一条采纳情况',
    removeItem: '删除',
    opinion: '对应意见（可不选）',
    publishSummary: '发布采纳情况反馈',
    view: '查看公开页面',
    noConsultations: '本部门暂无意见征集',
  },
};
