import { ConflictException, Inject, Injectable, Logger, NotFoundException, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { LeaderAddresseeType } from '@wenzheng/petition';
import type { Runtime } from '@wenzheng/platform';
import { RUNTIME, badInput } from '@wenzheng/platform';
import { REFERENCE_REFRESH_MS } from './reference-data.service';

/** A leader's mailbox (领导信箱) as the admin routes show it. */
export interface MailboxRecord {
  readonly id: string;
  readonly title: string;
  readonly addresseeType: LeaderAddresseeType;
  /** Where letters to this mailbox usually go (a suggestion for the reviewer); absent when none. */
  readonly departmentId?: string;
  readonly active: boolean;
  readonly displayOrder: number;
  readonly updatedAt: string;
}

export interface NewMailbox {
  readonly id: string;
  readonly title: string;
  readonly addresseeType: LeaderAddresseeType;
  readonly departmentId?: string;
  readonly active?: boolean;
  readonly displayOrder?: number;
}

export interface MailboxChanges {
  readonly title?: string;
  readonly addresseeType?: LeaderAddresseeType;
  /** null: no usual department any more. */
  readonly departmentId?: string | null;
  readonly active?: boolean;
  readonly displayOrder?: number;
}

interface MailboxRow {
  id: string;
  title: string;
  addressee_type: LeaderAddresseeType;
  department_id: string | null;
  active: boolean;
  display_order: number;
  updated_at: Date;
}

const COLUMNS: Record<keyof MailboxChanges, string> = {
  title: 'title',
  addresseeType: 'addressee_type',
  departmentId: 'department_id',
  active: 'active',
  displayOrder: 'display_order',
};

/**
 * The leaders' mailboxes (wz_ref.mailboxes) served from memory like the rest of the reference data:
 * reloaded after an admin write here and every REFERENCE_REFRESH_MS, so every process converges.
 * Inactive mailboxes stay readable by id: old cases still name them.
 */
@Injectable()
export class MailboxesService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('mailboxes');
  private mailboxes: readonly MailboxRecord[] = [];
  private timer?: NodeJS.Timeout;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  async onModuleInit(): Promise<void> {
    await this.load();
    this.timer = setInterval(() => {
      this.load().catch((e: unknown) => this.logger.warn(`mailbox reload failed: ${e instanceof Error ? e.message : String(e)}`));
    }, REFERENCE_REFRESH_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** In display order; inactive ones only when asked. */
  list(options: { includeInactive?: boolean } = {}): readonly MailboxRecord[] {
    return options.includeInactive ? this.mailboxes : this.mailboxes.filter((m) => m.active);
  }

  byId(id: string): MailboxRecord | undefined {
    return this.mailboxes.find((m) => m.id === id);
  }

  async create(input: NewMailbox): Promise<MailboxRecord> {
    if (input.departmentId !== undefined) await this.checkDepartment(input.departmentId);
    try {
      await this.runtime.pool.query(
        `insert into wz_ref.mailboxes (id, title, addressee_type, department_id, active, display_order) values ($1, $2, $3, $4, $5, $6)`,
        [input.id, input.title, input.addresseeType, input.departmentId ?? null, input.active ?? true, input.displayOrder ?? 0],
      );
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw new ConflictException(`id: a mailbox with id "${input.id}" already exists`);
      throw e;
    }
    return this.reloaded(input.id);
  }

  async update(id: string, changes: MailboxChanges): Promise<MailboxRecord> {
    // Only the columns an admin may change, whatever else the object carries.
    const set = (Object.keys(COLUMNS) as (keyof MailboxChanges)[])
      .filter((k) => changes[k] !== undefined)
      .map((k) => [k, changes[k]] as const);
    if (!set.length)
      throw badInput('body', 'notEmpty', 'nothing to change; give title, addresseeType, departmentId, active or displayOrder');
    if (changes.departmentId) await this.checkDepartment(changes.departmentId);
    const { rowCount } = await this.runtime.pool.query(
      `update wz_ref.mailboxes set ${set.map(([k], i) => `${COLUMNS[k]} = $${i + 2}`).join(', ')}, updated_at = now() where id = $1`,
      [id, ...set.map(([, v]) => v)],
    );
    if (!rowCount) throw new NotFoundException(`mailbox ${id} not found`);
    return this.reloaded(id);
  }

  private async checkDepartment(id: string): Promise<void> {
    const { rows } = await this.runtime.pool.query<{ active: boolean }>(`select active from wz_ref.departments where id = $1`, [id]);
    if (!rows[0]) throw badInput('departmentId', 'knownDepartment', `no department ${id}`);
    if (!rows[0].active) throw badInput('departmentId', 'activeDepartment', `department ${id} is inactive`);
  }

  private async reloaded(id: string): Promise<MailboxRecord> {
    await this.load();
    const stored = this.byId(id);
    if (!stored) throw new Error(`mailbox ${id} was written but is missing after the reload`);
    return stored;
  }

  private async load(): Promise<void> {
    const { rows } = await this.runtime.pool.query<MailboxRow>(
      `select id, title, addressee_type, department_id, active, display_order, updated_at from wz_ref.mailboxes order by display_order, id`,
    );
    this.mailboxes = rows.map((r) => ({
      id: r.id,
      title: r.title,
      addresseeType: r.addressee_type,
      ...(r.department_id && { departmentId: r.department_id }),
      active: r.active,
      displayOrder: r.display_order,
      updatedAt: r.updated_at.toISOString(),
    }));
  }
}
