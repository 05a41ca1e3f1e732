import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The leaders' mailboxes (领导信箱: 市长信箱, 副市长信箱, 书记信箱 …) a letter can be written to, as
 * admin-editable reference data. The seed is frozen here, department ids included, rather than read
 * from a list in the code: editing such a list later must not change what a fresh install gets. A
 * seeded department that is missing (an install that removed it) leaves the mailbox without one.
 */
const SEEDED_MAILBOXES = [
  // id, title, addressee type, the department letters to it usually go to, display order
  ['mayor', '市长信箱', 'mayor', '1f9c0c36-18f4-4b47-be25-baab2a5f69fe', 10], // 市人民政府办公室
  ['executive-vice-mayor', '常务副市长信箱', 'mayor', '5f81c5a9-26fe-445d-a675-50239b656585', 20], // 市发展和改革委员会
  ['vice-mayor-urban', '分管城建副市长信箱', 'mayor', 'd2ac3be5-26ce-4dbb-bdc7-527ad82d6ce5', 30], // 市住房和城乡建设局
  ['vice-mayor-education', '分管教育卫生副市长信箱', 'mayor', '065cc557-6fd5-4688-92b2-58ba96510908', 40], // 市教育局
  ['vice-mayor-transport', '分管交通副市长信箱', 'mayor', '877b87b8-3189-4c6c-827a-1739a41c1a42', 50], // 市交通运输局
  ['party-secretary', '市委书记信箱', 'secretary', null, 60],
  ['deputy-party-secretary', '市委副书记信箱', 'secretary', null, 70],
] as const;

export class LeaderMailboxes1795665000000 implements MigrationInterface {
  name = 'LeaderMailboxes1795665000000';

  async up(q: QueryRunner): Promise<void> {
    // The id pattern is libs/petition's MAILBOX_ID: the decider refuses any other spelling.
    await q.query(`
      create table wz_ref.mailboxes (
        id text primary key check (id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
        title text not null check (btrim(title) <> ''),
        addressee_type text not null check (addressee_type in ('mayor', 'secretary')),
        department_id uuid null references wz_ref.departments (id),
        active boolean not null default true,
        display_order integer not null default 0,
        updated_at timestamptz not null default now()
      )`);
    await q.query(
      `insert into wz_ref.mailboxes (id, title, addressee_type, department_id, display_order)
       select m.id, m.title, m.type, d.id, m.ord
         from unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::int[]) as m(id, title, type, dep, ord)
         left join wz_ref.departments d on d.id = m.dep`,
      [
        SEEDED_MAILBOXES.map((m) => m[0]),
        SEEDED_MAILBOXES.map((m) => m[1]),
        SEEDED_MAILBOXES.map((m) => m[2]),
        SEEDED_MAILBOXES.map((m) => m[3]),
        SEEDED_MAILBOXES.map((m) => m[4]),
      ],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table wz_ref.mailboxes`);
  }
}
