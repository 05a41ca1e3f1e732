import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addPublicIndex, dropPublicIndex } from './public-index-migration';
import type { PublicIndex } from './public-index-migration';

// A public search whose only conditions are the words, a department and the keyset sorts its
// matches in public_terms and reads a page of rows (listing-statements.ts), leaving out the cases a
// moderator hid by their ids: HIDDEN_INDEX reads those (few) without reading the table. Before, a
// department's search joined every match to its public row before sorting (search in department
// p95 38.8 ms at 1,000,000 synthetic cases). The projection now creates the index with its tables;
// this adds it to tables that exist (a rebuild's fresh ones too), found by definition as in
// 1795697600000. No column changes, no rebuild; building it reads the table once.

// As this migration makes it, written out so that it never changes with the projection's index.
const INDEX: PublicIndex = {
  body: '(petition_id) where hidden',
  definition: 'USING btree (petition_id) WHERE hidden',
};

export class PublicHiddenIndex1795697800000 implements MigrationInterface {
  name = 'PublicHiddenIndex1795697800000';

  async up(q: QueryRunner): Promise<void> {
    await addPublicIndex(q, INDEX);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropPublicIndex(q, INDEX);
  }
}
