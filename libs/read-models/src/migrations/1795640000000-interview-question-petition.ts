import type { MigrationInterface, QueryRunner } from 'typeorm';

// A public case page asks whether an interview question became this petition (interview_questions
// by petition_id, interview-source.ts): without an index every page view scanned every question
// ever asked. The projection creates the index with its tables; this adds it to tables that exist,
// under the name PostgreSQL gives the projection's unnamed one.
const TABLES = ['interview_questions', 'interview_questions__rebuild'];

export class InterviewQuestionPetition1795640000000 implements MigrationInterface {
  name = 'InterviewQuestionPetition1795640000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await q.query(`
        do $$
        begin
          if to_regclass('wz_rm.${table}') is null then return; end if;
          create index if not exists ${table}_petition_id_idx on wz_rm.${table} (petition_id) where petition_id is not null;
        end $$`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`drop index if exists wz_rm.${table}_petition_id_idx`);
  }
}
