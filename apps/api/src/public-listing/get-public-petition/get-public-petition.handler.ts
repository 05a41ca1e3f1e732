import { Inject, NotFoundException } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { petitionViewTables } from '@wenzheng/read-models';
import { PublicStepRecord, readPublicSteps } from '@wenzheng/read-models';
import { interviewSourceOfPetition } from '../../interviews/read-interviews/interview-source';
import { MailboxesService, ReferenceDataService } from '@wenzheng/read-models';
import { PG_POOL } from '@wenzheng/platform';
import {
  PUBLIC_ITEM_COLUMNS,
  PublicItemRow,
  VISIBLE_PUBLIC,
  PublicPetitionDetail,
  PublicStep,
  publicItem,
} from '../shared/public-petition-view';
import { GetPublicPetitionQuery } from './get-public-petition.query';

/** A page shows this many comments, oldest first; commentCount tells the whole number. */
export const MAX_COMMENTS = 500;

const publicStep = (s: PublicStepRecord, reference: ReferenceDataService): PublicStep => ({
  step: s.step,
  at: s.at.toISOString(),
  ...(s.department_id !== null && { department: { id: s.department_id, name: reference.department(s.department_id)?.name } }),
  ...(s.on_time !== null && { onTime: s.on_time }),
  ...(s.acknowledge_by !== null && { acknowledgeBy: s.acknowledge_by.toISOString() }),
  ...(s.respond_by !== null && { respondBy: s.respond_by.toISOString() }),
  ...(s.automatic !== null && { automatic: s.automatic }),
  ...(s.level !== null && { level: s.level }),
  ...(s.satisfaction !== null && { satisfaction: s.satisfaction }),
});

@QueryHandler(GetPublicPetitionQuery)
export class GetPublicPetitionHandler implements IQueryHandler<GetPublicPetitionQuery, PublicPetitionDetail> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly reference: ReferenceDataService,
    private readonly mailboxes: MailboxesService,
  ) {}

  async execute({ trackingCode }: GetPublicPetitionQuery): Promise<PublicPetitionDetail> {
    const t = petitionViewTables();
    const { rows } = await this.pool.query<PublicItemRow & { content: string; location: string | null }>(
      `select ${PUBLIC_ITEM_COLUMNS}, p.content, p.location from ${t.public_petitions} p where p.tracking_code = $1 and ${VISIBLE_PUBLIC}`,
      [trackingCode],
    );
    const row = rows[0];
    if (!row) throw new NotFoundException(`trackingCode: no public case ${trackingCode}`);
    // The steps come from their own projection, which holds only public cases: the listing's row
    // above decides (a case made confidential later is gone from both).
    const [comments, steps, source] = await Promise.all([
      this.pool.query<{ id: string; author: string; text: string; at: Date }>(
        `select id, author, text, at from ${t.public_comments} where petition_id = $1 and not hidden order by revision limit ${MAX_COMMENTS}`,
        [row.petition_id],
      ),
      readPublicSteps(this.pool, row.petition_id),
      interviewSourceOfPetition(this.pool, row.petition_id),
    ]);
    return {
      ...publicItem(row, this.reference, this.mailboxes),
      content: row.content,
      ...(row.location && { location: row.location }),
      comments: comments.rows.map((c) => ({ id: c.id, author: c.author, text: c.text, at: c.at.toISOString() })),
      steps: steps.map((s) => publicStep(s, this.reference)),
      ...(source && { source }),
    };
  }
}
