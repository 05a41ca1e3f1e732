// The consultation (意见征集) read routes declare examples, not schemas, in the OpenAPI document;
// their shapes are written here from apps/api/src/consultations/read-consultations/consultation-reader.ts
// (the fields the screens read). Their labels are in the i18n file (m.consultations, here as cm).

import { m } from '../i18n';
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

/** The labels, in the i18n file with every other (m.consultations). */
export const cm = m.consultations;
