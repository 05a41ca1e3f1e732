import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PETITION_KINDS, SATISFACTIONS, SOURCE_KINDS, SourceKind } from '@wenzheng/petition';
import { EXCERPT_LENGTH, PUBLIC_STEPS } from '@wenzheng/read-models';

// The SQL of public rows lives beside the listing's statement (libs/read-models listing-statements.ts).
export { EXCERPT_LENGTH, PUBLIC_ITEM_COLUMNS, VISIBLE_PUBLIC } from '@wenzheng/read-models';
import type { MailboxesService, ReferenceDataService } from '@wenzheng/read-models';

/** Statuses a public case can have (it is public from its acceptance on). */
export const PUBLIC_STATUSES = ['accepted', 'dispatched', 'in_progress', 'returned', 'responded', 'rated', 'closed'] as const;

export class ReferenceName {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({ description: 'absent when the reference data no longer has it', example: '市住房和城乡建设局' }) name?: string;
}

export class PublicMailbox {
  @ApiProperty({ example: 'mayor' }) id: string;
  @ApiPropertyOptional({ description: 'absent when the reference data no longer has it', example: '市长信箱' }) title?: string;
}

export class PublicRating {
  @ApiProperty({ enum: SATISFACTIONS }) satisfaction: string;
  @ApiPropertyOptional({ description: 'redacted' }) comment?: string;
}

export class PublicPoint {
  @ApiProperty({ example: 28.015, description: 'latitude rounded to 3 decimals (~100 m); the exact point is never public' }) lat: number;
  @ApiProperty({ example: 120.672, description: 'longitude rounded to 3 decimals' }) lng: number;
}

export class PublicPetitionItem {
  @ApiProperty({ example: 'WZ20261012-7K3M9Q2XAB' }) trackingCode: string;
  @ApiProperty({ enum: PUBLIC_STATUSES }) status: string;
  @ApiProperty({ enum: PETITION_KINDS }) kind: string;
  @ApiProperty() channel: string;
  @ApiPropertyOptional({ type: ReferenceName }) department?: ReferenceName;
  @ApiPropertyOptional({ type: ReferenceName }) category?: ReferenceName;
  @ApiPropertyOptional({ type: PublicMailbox, description: "the leader's mailbox (领导信箱) the letter was written to" })
  mailbox?: PublicMailbox;
  @ApiPropertyOptional({ description: 'surname and *', example: '张*' }) citizen?: string;
  @ApiPropertyOptional({ example: '330302', description: 'the district (GET /api/districts names it)' }) districtCode?: string;
  @ApiPropertyOptional({ type: PublicPoint }) point?: PublicPoint;
  @ApiProperty({ description: 'redacted' }) title: string;
  @ApiProperty({ description: `the first ${EXCERPT_LENGTH} characters of the redacted content` }) excerpt: string;
  @ApiPropertyOptional({ description: 'the department’s answer, redacted' }) answer?: string;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiPropertyOptional({ format: 'date-time' }) respondedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) closedAt?: string;
  @ApiPropertyOptional({ type: PublicRating }) rating?: PublicRating;
  @ApiProperty() commentCount: number;
}

export class PublicPetitionPage {
  @ApiProperty({ type: [PublicPetitionItem] }) items: PublicPetitionItem[];
  @ApiPropertyOptional({ description: 'pass as ?cursor= for the next page; absent on the last page' }) nextCursor?: string;
}

export class PublicComment {
  @ApiProperty({ description: 'what a moderator names to hide or restore it (POST /api/petitions/{id}/moderation, commentId)' }) id: string;
  @ApiProperty({ description: 'pseudonym' }) author: string;
  @ApiProperty({ description: 'redacted' }) text: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class PublicStep {
  @ApiProperty({
    enum: PUBLIC_STEPS,
    description:
      "received 收件, accepted 受理, dispatched 交办, acknowledged 签收, returned 退回重新交办, extended 延期, escalated 督办, answered 答复, rated 评价, reopened 重办, interim_reply 阶段性答复 (its text is the citizen's only), information_requested 请提交人补充材料 (办复计时暂停), clock_resumed 恢复计时 (respondBy the moved deadline), withdrawn 提交人撤回, closed 办结",
  })
  step: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiPropertyOptional({ type: ReferenceName, description: 'the department the step concerns' }) department?: ReferenceName;
  @ApiPropertyOptional({ description: 'acknowledged, answered: whether the deadline was met' }) onTime?: boolean;
  @ApiPropertyOptional({ format: 'date-time', description: 'dispatched, acknowledged: the signing-for deadline' }) acknowledgeBy?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'dispatched, answered: the answer deadline; extended, reopened: the new one' })
  respondBy?: string;
  @ApiPropertyOptional({
    description: 'escalated: by the deadline watcher rather than the supervision office; extended: granted because no one decided in time',
  })
  automatic?: boolean;
  @ApiPropertyOptional({ description: 'escalated: 督办 level' }) level?: number;
  @ApiPropertyOptional({ enum: SATISFACTIONS, description: 'rated' }) satisfaction?: string;
}

/** 来源: the online interview a forwarded question came from, so a reader can follow it back. */
export class PublicSource {
  @ApiProperty({ enum: SOURCE_KINDS }) kind: SourceKind;
  @ApiProperty({ description: 'the interview id' }) id: string;
  @ApiProperty() questionId: string;
  @ApiPropertyOptional({ example: '城市供水保障' }) topic?: string;
  @ApiProperty({ example: '来源：在线访谈 城市供水保障' }) label: string;
  @ApiProperty({ example: '/api/public/interviews/1e0a1b2c-3d4e-4f50-8a6b-0000000000aa' }) href: string;
}

export class PublicPetitionDetail extends PublicPetitionItem {
  @ApiProperty({ description: 'redacted' }) content: string;
  @ApiPropertyOptional({ description: 'redacted' }) location?: string;
  @ApiProperty({ type: [PublicComment] }) comments: PublicComment[];
  @ApiProperty({
    type: [PublicStep],
    description: '全过程公开: the handling in order; times and departments, no people, reasons or personal data',
  })
  steps: PublicStep[];
  @ApiPropertyOptional({ type: PublicSource, description: 'a question of an online interview the system forwarded as this case' })
  source?: PublicSource;
}

export interface PublicItemRow {
  petition_id: string;
  tracking_code: string;
  status: string;
  kind: string;
  channel: string;
  department_id: string | null;
  category_id: string | null;
  mailbox_id: string | null;
  citizen_display: string | null;
  district_code: string | null;
  public_lat: number | null;
  public_lng: number | null;
  title: string;
  excerpt_source: string;
  answer: string | null;
  submitted_at: Date;
  responded_at: Date | null;
  closed_at: Date | null;
  rating: string | null;
  rating_comment: string | null;
  comment_count: number;
}

const excerpt = (text: string) => (text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text);

export function publicItem(row: PublicItemRow, reference: ReferenceDataService, mailboxes: MailboxesService): PublicPetitionItem {
  const department = row.department_id ? { id: row.department_id, name: reference.department(row.department_id)?.name } : undefined;
  const category = row.category_id ? { id: row.category_id, name: reference.category(row.category_id)?.name } : undefined;
  return {
    trackingCode: row.tracking_code,
    status: row.status,
    kind: row.kind,
    channel: row.channel,
    ...(department && { department }),
    ...(category && { category }),
    ...(row.mailbox_id && { mailbox: { id: row.mailbox_id, title: mailboxes.byId(row.mailbox_id)?.title } }),
    ...(row.citizen_display && { citizen: row.citizen_display }),
    ...(row.district_code && { districtCode: row.district_code }),
    ...(row.public_lat !== null && row.public_lng !== null && { point: { lat: row.public_lat, lng: row.public_lng } }),
    title: row.title,
    excerpt: excerpt(row.excerpt_source),
    ...(row.answer !== null && { answer: row.answer }),
    submittedAt: row.submitted_at.toISOString(),
    ...(row.responded_at && { respondedAt: row.responded_at.toISOString() }),
    ...(row.closed_at && { closedAt: row.closed_at.toISOString() }),
    ...(row.rating && { rating: { satisfaction: row.rating, ...(row.rating_comment && { comment: row.rating_comment }) } }),
    commentCount: row.comment_count,
  };
}
