import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seedDistricts } from '@wenzheng/reference-data';

/**
 * District and street outlines (GeoJSON polygons) that turn a case's point into its district, seeded
 * with the hand-drawn rough outlines of Wenzhou's four urban districts. Admins replace the whole
 * layer with surveyed data through PUT /api/admin/districts; the seed never reaches an install again.
 */
export class Districts1795600000000 implements MigrationInterface {
  name = 'Districts1795600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table wz_ref.districts (
        code text primary key check (code ~ '^[0-9]{6}([0-9]{3})?$'),
        name text not null,
        department_id uuid references wz_ref.departments (id),
        local_categories text[] not null default '{}',
        geometry jsonb not null check (geometry->>'type' in ('Polygon', 'MultiPolygon')),
        updated_at timestamptz not null default now()
      )`);
    for (const d of seedDistricts()) {
      await q.query(`insert into wz_ref.districts (code, name, department_id, local_categories, geometry) values ($1, $2, $3, $4, $5)`, [
        d.code,
        d.name,
        d.departmentId ?? null,
        d.localCategories,
        JSON.stringify(d.geometry),
      ]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table wz_ref.districts`);
  }
}
