import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { PetitionKind } from '@wenzheng/petition';
import type { DepartmentKind } from '@wenzheng/reference-data';

// Rows of the admin-editable reference data (schema wz_ref). The tables are created and seeded
// by the migration; these classes only map them. updated_at is set by the database.

@Entity({ schema: 'wz_ref', name: 'departments' })
export class DepartmentEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text', unique: true })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: DepartmentKind;

  @Column({ type: 'boolean' })
  active: boolean;

  /** The department tree (市 → 区县 → 街道 → 社区): the unit this one is under; null at the top. */
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity({ schema: 'wz_ref', name: 'categories' })
export class CategoryEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text', unique: true })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'default_department_id', type: 'uuid' })
  defaultDepartmentId: string;

  @Column({ type: 'boolean' })
  active: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity({ schema: 'wz_ref', name: 'time_limit_policies' })
export class TimeLimitPolicyEntity {
  @PrimaryColumn({ type: 'text' })
  kind: PetitionKind;

  @Column({ name: 'acknowledge_within_working_days', type: 'integer' })
  acknowledgeWithinWorkingDays: number;

  @Column({ name: 'respond_within_working_days', type: 'integer' })
  respondWithinWorkingDays: number;

  @Column({ name: 'escalate_after_overdue_working_days', type: 'integer' })
  escalateAfterOverdueWorkingDays: number;

  @Column({ name: 'max_extension_working_days', type: 'integer' })
  maxExtensionWorkingDays: number;

  @Column({ name: 'rate_within_working_days', type: 'integer' })
  rateWithinWorkingDays: number;

  @Column({ name: 'max_reopens', type: 'integer' })
  maxReopens: number;

  @Column({ name: 'decide_extension_within_working_days', type: 'integer' })
  decideExtensionWithinWorkingDays: number;

  @Column({ name: 'callback_attempts', type: 'integer' })
  callbackAttempts: number;

  @Column({ name: 'supply_information_within_working_days', type: 'integer' })
  supplyInformationWithinWorkingDays: number;

  @Column({ name: 'comment_within_days_after_close', type: 'integer' })
  commentWithinDaysAfterClose: number;

  @Column({ name: 'review_within_working_hours', type: 'integer' })
  reviewWithinWorkingHours: number;

  @Column({ name: 'assist_within_working_days', type: 'integer' })
  assistWithinWorkingDays: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One local decision about one date: a city's own day off (台风停工) or a day of a newly published year. */
@Entity({ schema: 'wz_ref', name: 'calendar_overrides' })
export class CalendarOverrideEntity {
  @PrimaryColumn({ type: 'date' })
  date: string;

  @Column({ name: 'working_day', type: 'boolean' })
  workingDay: boolean;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A year whose State Council schedule has been loaded as day overrides, so it counts as published. */
@Entity({ schema: 'wz_ref', name: 'calendar_published_years' })
export class CalendarPublishedYearEntity {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export const referenceEntities = [
  DepartmentEntity,
  CategoryEntity,
  TimeLimitPolicyEntity,
  CalendarOverrideEntity,
  CalendarPublishedYearEntity,
];
