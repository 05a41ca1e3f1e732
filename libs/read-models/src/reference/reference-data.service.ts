import { randomUUID } from 'node:crypto';
import { ConflictException, Inject, Injectable, Logger, NotFoundException, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { WorkingDayCalendar, localDate } from '@wenzheng/calendar';
import { DEFAULT_POLICY, PETITION_KINDS, PetitionKind, PolicySet, TimeLimitPolicy } from '@wenzheng/petition';
import type { Category, Department, DepartmentKind } from '@wenzheng/reference-data';
import type { Runtime } from '@wenzheng/platform';
import { HOTLINE_OFFICE } from '@wenzheng/scoring';
import { RUNTIME, badInput } from '@wenzheng/platform';
import { CALENDAR_CHANGE_NOTE, CalendarOverridesInput, ChangedDate, calendarOf, changedDates, overrideWarnings } from './calendar-change';
import { DEPARTMENT_KINDS } from './departments.dto';

/** The hotline office's name in figures (docs/scoring.md). */
export const HOTLINE_OFFICE_NAME = '市长专线办公室';
import type { TimeLimitPolicyInput } from './policies.dto';
import {
  CalendarOverrideEntity,
  CalendarPublishedYearEntity,
  CategoryEntity,
  DepartmentEntity,
  TimeLimitPolicyEntity,
} from './reference.entities';

export interface DepartmentRecord extends Department {
  /** The department tree (市 → 区县 → 街道 → 社区): the unit this one is under; absent at the top. */
  readonly parentId?: string;
  readonly updatedAt: string;
}

export interface CategoryRecord extends Category {
  readonly active: boolean;
  readonly updatedAt: string;
}

export interface PolicyRecord extends TimeLimitPolicy {
  readonly kind: PetitionKind;
  readonly updatedAt: string;
}

export interface CalendarDayOverrideRecord {
  readonly date: string;
  readonly workingDay: boolean;
  readonly name: string;
  readonly note?: string;
  readonly updatedAt: string;
}

export interface CalendarOverridesRecord {
  readonly days: readonly CalendarDayOverrideRecord[];
  readonly publishedYears: readonly number[];
}

export interface NewDepartment {
  readonly code: string;
  readonly name: string;
  readonly kind: DepartmentKind;
  readonly active?: boolean;
  readonly parentId?: string;
}

export interface DepartmentChanges {
  readonly name?: string;
  readonly active?: boolean;
  /** null: the department is at the top of the tree. */
  readonly parentId?: string | null;
}

export interface NewCategory {
  readonly code: string;
  readonly name: string;
  readonly defaultDepartmentId: string;
  readonly active?: boolean;
}

export interface CategoryChanges {
  readonly name?: string;
  readonly defaultDepartmentId?: string;
  readonly active?: boolean;
}

export interface PolicyChange {
  readonly policy: PolicyRecord;
  readonly previous: TimeLimitPolicy;
  readonly note: string;
}

export interface CalendarChange {
  readonly overrides: CalendarOverridesRecord;
  readonly warnings: string[];
  readonly changedDates: ChangedDate[];
  readonly note: string;
}

/** Everything served from memory, replaced as a whole so a reader never sees half a refresh. */
interface Snapshot {
  readonly departments: readonly DepartmentRecord[];
  readonly departmentById: ReadonlyMap<string, DepartmentRecord>;
  readonly categories: readonly CategoryRecord[];
  readonly categoryById: ReadonlyMap<string, CategoryRecord>;
  readonly policies: PolicySet;
  readonly policyRecords: readonly PolicyRecord[];
  readonly overrides: CalendarOverridesRecord;
  readonly calendarKey: string;
  readonly calendar: WorkingDayCalendar;
}

export const REFERENCE_REFRESH_MS = 10_000;
export const POLICY_CHANGE_NOTE = 'Deadlines already stored in events are not rewritten; new deadlines use the new policy';

const KIND_ORDER: readonly DepartmentKind[] = DEPARTMENT_KINDS;

const pgCode = (e: unknown): string | undefined =>
  (e as { driverError?: { code?: string }; code?: string })?.driverError?.code ?? (e as { code?: string })?.code;

/**
 * Reference data the command handlers read on every command: the calendar with its overrides,
 * the time limits per petition kind, departments and categories. Stored in wz_ref, edited by
 * admins, served synchronously from memory. Each process reloads after its own admin writes and
 * every REFERENCE_REFRESH_MS, so the API, projector and worker processes converge.
 */
@Injectable()
export class ReferenceDataService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('reference-data');
  private snapshot?: Snapshot;
  private timer?: NodeJS.Timeout;
  // Loads run one after another, so the last one started (after a write) is the one that stays.
  private loading: Promise<unknown> = Promise.resolve();
  private backgroundLoadPending = false;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => this.refreshInBackground(), REFERENCE_REFRESH_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.loading;
  }

  // --- what command handlers call, synchronously ---

  calendar(): WorkingDayCalendar {
    return this.current().calendar;
  }

  policies(): PolicySet {
    return this.current().policies;
  }

  /** Inactive departments are returned too: old cases still name them. */
  department(id: string): DepartmentRecord | undefined {
    return this.current().departmentById.get(id);
  }

  /**
   * The name a row of figures shows for `id`: a department's, or the hotline office's (市长专线办公室),
   * which is no department (nothing is dispatched to it) but has its own row in the assessment
   * (its review red lights, docs/scoring.md).
   */
  departmentName(id: string): string | undefined {
    return id === HOTLINE_OFFICE ? HOTLINE_OFFICE_NAME : this.department(id)?.name;
  }

  category(id: string): CategoryRecord | undefined {
    return this.current().categoryById.get(id);
  }

  // --- lists, from the same cache ---

  departments(options: { includeInactive?: boolean } = {}): readonly DepartmentRecord[] {
    const all = this.current().departments;
    return options.includeInactive ? all : all.filter((d) => d.active);
  }

  categories(options: { includeInactive?: boolean } = {}): readonly CategoryRecord[] {
    const all = this.current().categories;
    return options.includeInactive ? all : all.filter((c) => c.active);
  }

  policyRecords(): readonly PolicyRecord[] {
    return this.current().policyRecords;
  }

  calendarOverrides(): CalendarOverridesRecord {
    return this.current().overrides;
  }

  /** Reload everything from the database now (after a write here, or to pick up another process's). */
  refresh(): Promise<void> {
    const run = this.loading.then(() => this.load());
    this.loading = run.catch(() => undefined);
    return run;
  }

  // --- admin writes: each commits, then reloads this process's cache ---

  /** 下派: the units above a department, its parent first (empty at the top of the tree). */
  ancestorsOf(id: string): string[] {
    const chain: string[] = [];
    for (let p = this.department(id)?.parentId; p !== undefined && !chain.includes(p); p = this.department(p)?.parentId) chain.push(p);
    return chain;
  }

  async createDepartment(input: NewDepartment): Promise<DepartmentRecord> {
    const id = randomUUID();
    try {
      await this.db.transaction(async (m) => {
        if (input.parentId !== undefined) await this.checkParent(m, id, input.parentId);
        await m.insert(DepartmentEntity, {
          id,
          code: input.code,
          name: input.name,
          kind: input.kind,
          active: input.active ?? true,
          parentId: input.parentId ?? null,
        });
      });
    } catch (e) {
      if (pgCode(e) === '23505') throw new ConflictException(`code: a department with code "${input.code}" already exists`);
      throw e;
    }
    await this.refresh();
    return this.loaded(this.department(id), `department ${id}`);
  }

  async updateDepartment(id: string, changes: DepartmentChanges): Promise<DepartmentRecord> {
    const set = defined({ name: changes.name, active: changes.active, parentId: changes.parentId });
    if (!Object.keys(set).length) throw badInput('body', 'notEmpty', 'nothing to change; give name, active or parentId');
    const result = await this.db.transaction(async (m) => {
      if (changes.parentId !== undefined && changes.parentId !== null) await this.checkParent(m, id, changes.parentId);
      return m.update(DepartmentEntity, { id }, set);
    });
    if (!result.affected) throw new NotFoundException(`department ${id} not found`);
    await this.refresh();
    return this.loaded(this.department(id), `department ${id}`);
  }

  async createCategory(input: NewCategory): Promise<CategoryRecord> {
    const id = randomUUID();
    await this.db.transaction(async (m) => {
      await this.checkDefaultDepartment(m, input.defaultDepartmentId);
      try {
        await m.insert(CategoryEntity, {
          id,
          code: input.code,
          name: input.name,
          defaultDepartmentId: input.defaultDepartmentId,
          active: input.active ?? true,
        });
      } catch (e) {
        if (pgCode(e) === '23505') throw new ConflictException(`code: a category with code "${input.code}" already exists`);
        throw e;
      }
    });
    await this.refresh();
    return this.loaded(this.category(id), `category ${id}`);
  }

  async updateCategory(id: string, changes: CategoryChanges): Promise<CategoryRecord> {
    const set = defined({ name: changes.name, defaultDepartmentId: changes.defaultDepartmentId, active: changes.active });
    if (!Object.keys(set).length) throw badInput('body', 'notEmpty', 'nothing to change; give name, defaultDepartmentId or active');
    await this.db.transaction(async (m) => {
      const existing = await m.findOne(CategoryEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!existing) throw new NotFoundException(`category ${id} not found`);
      if (set.defaultDepartmentId !== undefined && set.defaultDepartmentId !== existing.defaultDepartmentId) {
        await this.checkDefaultDepartment(m, set.defaultDepartmentId);
      }
      await m.update(CategoryEntity, { id }, set);
    });
    await this.refresh();
    return this.loaded(this.category(id), `category ${id}`);
  }

  async setPolicy(kind: PetitionKind, policy: TimeLimitPolicyInput): Promise<PolicyChange> {
    let values = pickPolicy({ ...DEFAULT_POLICY, ...defined(policy) });
    const previous = await this.db.transaction(async (m) => {
      const row = await m.findOne(TimeLimitPolicyEntity, { where: { kind }, lock: { mode: 'pessimistic_write' } });
      // Fields a client may omit keep their stored value.
      if (row) values = pickPolicy({ ...pickPolicy(row), ...defined(policy) });
      if (row) await m.update(TimeLimitPolicyEntity, { kind }, values);
      else await m.insert(TimeLimitPolicyEntity, { kind, ...values });
      return row ? pickPolicy(row) : DEFAULT_POLICY;
    });
    await this.refresh();
    const stored = this.loaded(
      this.policyRecords().find((p) => p.kind === kind),
      `policy ${kind}`,
    );
    this.logger.log(`time limits for ${kind} changed: ${JSON.stringify(previous)} -> ${JSON.stringify(values)}`);
    return { policy: stored, previous, note: POLICY_CHANGE_NOTE };
  }

  /**
   * Replace the whole override list. Rows that did not change keep their updated_at. The answer
   * lists every date whose meaning changed, because deadlines stored in events keep the old one.
   */
  async replaceCalendarOverrides(input: CalendarOverridesInput): Promise<CalendarChange> {
    const dates = input.days.map((d) => d.date);
    const duplicate = dates.find((d, i) => dates.indexOf(d) !== i);
    if (duplicate) throw badInput('days', 'uniqueDates', `${duplicate} is listed twice`);
    try {
      calendarOf(input); // refuses a list the calendar cannot hold before anything is written
    } catch (e) {
      if (e instanceof RangeError) throw badInput('days', 'calendar', e.message);
      throw e;
    }

    const before = await this.db.transaction(async (m) => {
      // Two admins saving at once: the second sees the first's list as "before".
      await m.query('lock table wz_ref.calendar_overrides, wz_ref.calendar_published_years in share row exclusive mode');
      const oldDays = await m.find(CalendarOverrideEntity);
      const oldYears = await m.find(CalendarPublishedYearEntity);
      const wanted = new Map(input.days.map((d) => [d.date, d]));
      for (const row of oldDays) {
        const next = wanted.get(row.date);
        if (!next) await m.delete(CalendarOverrideEntity, { date: row.date });
        else if (next.workingDay !== row.workingDay || next.name !== row.name || (next.note ?? null) !== row.note) {
          await m.update(
            CalendarOverrideEntity,
            { date: row.date },
            { workingDay: next.workingDay, name: next.name, note: next.note ?? null },
          );
        }
        wanted.delete(row.date);
      }
      if (wanted.size) {
        await m.insert(
          CalendarOverrideEntity,
          [...wanted.values()].map((d) => ({ date: d.date, workingDay: d.workingDay, name: d.name, note: d.note ?? null })),
        );
      }
      const years = new Set(input.publishedYears);
      const gone = oldYears.filter((y) => !years.has(y.year)).map((y) => y.year);
      if (gone.length)
        await m.createQueryBuilder().delete().from(CalendarPublishedYearEntity).where('year in (:...gone)', { gone }).execute();
      const added = [...years].filter((y) => !oldYears.some((o) => o.year === y));
      if (added.length)
        await m.insert(
          CalendarPublishedYearEntity,
          added.map((year) => ({ year, note: null })),
        );
      return { days: oldDays.map(toDayRecord), publishedYears: oldYears.map((y) => y.year) };
    });
    await this.refresh();
    const overrides = this.calendarOverrides();
    const changed = changedDates(before, input);
    const warnings = overrideWarnings(input, changed, localDate(new Date()));
    if (changed.length) {
      this.logger.log(
        `calendar overrides replaced; changed dates: ${changed.map((c) => `${c.date} ${c.before.reason}->${c.after.reason}`).join(', ')}`,
      );
    }
    return { overrides, warnings, changedDates: changed, note: CALENDAR_CHANGE_NOTE };
  }

  // --- internals ---

  private get db(): DataSource {
    return this.runtime.dataSource;
  }

  private current(): Snapshot {
    if (!this.snapshot) throw new Error('reference data is not loaded yet (ReferenceDataService.onModuleInit has not run)');
    return this.snapshot;
  }

  private loaded<T>(value: T | undefined, what: string): T {
    if (value === undefined) throw new Error(`${what} was written but is missing after the reload`);
    return value;
  }

  /**
   * The department tree stays a tree: the parent exists and is not the department itself or any unit
   * under it. The tree is locked for the check, so two concurrent moves cannot close a cycle together.
   */
  private async checkParent(m: EntityManager, id: string, parentId: string): Promise<void> {
    await m.query('lock table wz_ref.departments in share row exclusive mode');
    const rows = await m.find(DepartmentEntity, { select: { id: true, parentId: true } });
    const parentOf = new Map(rows.map((r) => [r.id, r.parentId]));
    if (!parentOf.has(parentId)) throw badInput('parentId', 'knownDepartment', `no department ${parentId}`);
    for (let p: string | null | undefined = parentId, steps = 0; p; p = parentOf.get(p), steps++) {
      if (p === id || steps > rows.length) {
        throw badInput('parentId', 'noCycle', `${parentId} is this department or a unit under it; the department tree must have no cycles`);
      }
    }
  }

  private async checkDefaultDepartment(m: EntityManager, id: string): Promise<void> {
    const department = await m.findOne(DepartmentEntity, { where: { id }, lock: { mode: 'pessimistic_read' } });
    if (!department) throw badInput('defaultDepartmentId', 'knownDepartment', `no department ${id}`);
    if (!department.active) throw badInput('defaultDepartmentId', 'activeDepartment', `department ${id} is inactive`);
  }

  private refreshInBackground(): void {
    if (this.backgroundLoadPending) return;
    this.backgroundLoadPending = true;
    this.refresh()
      .catch((e: unknown) =>
        this.logger.warn(`reference data reload failed, serving the previous copy: ${e instanceof Error ? e.message : String(e)}`),
      )
      .finally(() => (this.backgroundLoadPending = false));
  }

  private async load(): Promise<void> {
    // One snapshot of all five tables, so a category never names a department the cache lacks.
    const rows = await this.db.transaction('REPEATABLE READ', async (m) => ({
      departments: await m.find(DepartmentEntity),
      categories: await m.find(CategoryEntity),
      policies: await m.find(TimeLimitPolicyEntity),
      days: await m.find(CalendarOverrideEntity, { order: { date: 'ASC' } }),
      years: await m.find(CalendarPublishedYearEntity, { order: { year: 'ASC' } }),
    }));

    const departments = rows.departments
      .map((d): DepartmentRecord => ({
        id: d.id,
        code: d.code,
        name: d.name,
        kind: d.kind,
        active: d.active,
        ...(d.parentId && { parentId: d.parentId }),
        updatedAt: d.updatedAt.toISOString(),
      }))
      .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.code.localeCompare(b.code));
    const categories = rows.categories
      .map((c): CategoryRecord => ({
        id: c.id,
        code: c.code,
        name: c.name,
        defaultDepartmentId: c.defaultDepartmentId,
        active: c.active,
        updatedAt: c.updatedAt.toISOString(),
      }))
      .sort((a, b) => a.code.localeCompare(b.code));

    const byKind = new Map(rows.policies.map((p) => [p.kind, p]));
    const policyRecords = PETITION_KINDS.map((kind): PolicyRecord => {
      const row = byKind.get(kind);
      if (!row) this.logger.warn(`no time limits stored for ${kind}: using the defaults`);
      return {
        kind,
        ...(row ? pickPolicy(row) : DEFAULT_POLICY),
        updatedAt: row ? row.updatedAt.toISOString() : new Date(0).toISOString(),
      };
    });
    const policies = Object.freeze(Object.fromEntries(policyRecords.map((p) => [p.kind, Object.freeze(pickPolicy(p))]))) as PolicySet;

    const overrides: CalendarOverridesRecord = { days: rows.days.map(toDayRecord), publishedYears: rows.years.map((y) => y.year) };
    const calendarKey = JSON.stringify([overrides.days.map((d) => [d.date, d.workingDay, d.name]), overrides.publishedYears]);
    const previous = this.snapshot;
    // Rebuilding drops the calendar's day cache; do it only when the overrides really changed.
    const calendar = previous && previous.calendarKey === calendarKey ? previous.calendar : calendarOf(overrides);

    this.snapshot = {
      departments,
      departmentById: new Map(departments.map((d) => [d.id, d])),
      categories,
      categoryById: new Map(categories.map((c) => [c.id, c])),
      policies,
      policyRecords,
      overrides,
      calendarKey,
      calendar,
    };
  }
}

function toDayRecord(row: CalendarOverrideEntity): CalendarDayOverrideRecord {
  return {
    date: row.date,
    workingDay: row.workingDay,
    name: row.name,
    ...(row.note !== null ? { note: row.note } : {}),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function pickPolicy(p: TimeLimitPolicy): TimeLimitPolicy {
  return {
    acknowledgeWithinWorkingDays: p.acknowledgeWithinWorkingDays,
    respondWithinWorkingDays: p.respondWithinWorkingDays,
    escalateAfterOverdueWorkingDays: p.escalateAfterOverdueWorkingDays,
    maxExtensionWorkingDays: p.maxExtensionWorkingDays,
    rateWithinWorkingDays: p.rateWithinWorkingDays,
    maxReopens: p.maxReopens,
    decideExtensionWithinWorkingDays: p.decideExtensionWithinWorkingDays,
    callbackAttempts: p.callbackAttempts,
    supplyInformationWithinWorkingDays: p.supplyInformationWithinWorkingDays,
    commentWithinDaysAfterClose: p.commentWithinDaysAfterClose,
    reviewWithinWorkingHours: p.reviewWithinWorkingHours,
    assistWithinWorkingDays: p.assistWithinWorkingDays,
  };
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
