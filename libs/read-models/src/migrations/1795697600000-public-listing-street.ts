import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addPublicIndex, dropPublicIndex } from './public-index-migration';
import type { PublicIndex } from './public-index-migration';

// The public listing by street (?district= with a street's 9 digits): on the district index
// (1795697500000) a street's filter was checked on its district's entries one by one, so a street
// with few cases or none read all of its district's entries (at 1,000,000 seeded cases the bench's
// `by street` p95 was 45 ms with fsync on). The projection now creates STREET_LISTING_INDEX
// (listing-statements.ts) with its tables; this adds it to tables that exist (a rebuild's fresh
// ones too), found by definition since a rebuilt table's indexes carry the names of the fresh
// tables. No column changes, no rebuild. Building it reads the table once (seconds at a million
// cases) and holds the projector's writes to it meanwhile.

// As this migration makes it, written out so that it never changes with the projection's index.
const INDEX: PublicIndex = {
  body: '(district_code, submitted_at desc, petition_id desc) where district_code is not null',
  definition: 'USING btree (district_code, submitted_at DESC, petition_id DESC) WHERE (district_code IS NOT NULL)',
};

export class PublicListingStreet1795697600000 implements MigrationInterface {
  name = 'PublicListingStreet1795697600000';

  async up(q: QueryRunner): Promise<void> {
    await addPublicIndex(q, INDEX);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropPublicIndex(q, INDEX);
  }
}
