import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addPublicIndex, dropPublicIndex } from './public-index-migration';
import type { PublicIndex } from './public-index-migration';

// The public listing by district (?district=330302, or a street's 9 digits): the filter was a
// prefix match on the newest-first index, so a district or street with few cases or none read every
// public row (138 ms at 100,000 cases for a code with no case, growing with the table; issue 15
// item 4). The projection now creates DISTRICT_LISTING_INDEX (listing-statements.ts) with its
// tables; this adds it to tables that exist (a rebuild's fresh ones too), found by definition since
// a rebuilt table's indexes carry the names of the fresh tables. No column changes, no rebuild.
// Building it reads the table once (seconds at a million cases) and holds the projector's writes
// to it meanwhile.

// As this migration makes it, written out so that it never changes with the projection's index.
const INDEX: PublicIndex = {
  body: '((left(district_code, 6)), submitted_at desc, petition_id desc, district_code) where district_code is not null',
  definition:
    'USING btree ("left"(district_code, 6), submitted_at DESC, petition_id DESC, district_code) WHERE (district_code IS NOT NULL)',
};

export class PublicListingDistrict1795697500000 implements MigrationInterface {
  name = 'PublicListingDistrict1795697500000';

  async up(q: QueryRunner): Promise<void> {
    await addPublicIndex(q, INDEX);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropPublicIndex(q, INDEX);
  }
}
