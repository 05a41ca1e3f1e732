import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { GeoPoint } from '@wenzheng/petition';
import type { Runtime } from '@wenzheng/platform';
import { District, DistrictDataError, districtAt, parseDistrictCollection, suggestDepartment } from '@wenzheng/reference-data';
import { RUNTIME, badInput } from '@wenzheng/platform';
import { REFERENCE_REFRESH_MS, ReferenceDataService } from './reference-data.service';

export interface DistrictSuggestion {
  readonly district?: { readonly code: string; readonly name: string };
  readonly suggestedDepartmentId?: string;
}

/**
 * The district layer (wz_ref.districts) served from memory like the rest of the reference data:
 * reloaded after an admin replaces it and every REFERENCE_REFRESH_MS, so every process converges.
 */
@Injectable()
export class DistrictsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('districts');
  private districts: readonly District[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly reference: ReferenceDataService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.load();
    this.timer = setInterval(() => {
      this.load().catch((e: unknown) => this.logger.warn(`district reload failed: ${e instanceof Error ? e.message : String(e)}`));
    }, REFERENCE_REFRESH_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  list(): readonly District[] {
    return this.districts;
  }

  byCode(code: string): District | undefined {
    return this.districts.find((d) => d.code === code);
  }

  at(point: GeoPoint): District | undefined {
    return districtAt(point, this.districts);
  }

  /** The district of a point (or the one named) and, with a category, where such a case usually goes. */
  suggest(input: { point?: GeoPoint; districtCode?: string; categoryId?: string }): DistrictSuggestion {
    const district = input.districtCode ? this.byCode(input.districtCode) : input.point ? this.at(input.point) : undefined;
    const category = input.categoryId ? this.reference.category(input.categoryId) : undefined;
    return {
      ...(district && { district: { code: district.code, name: district.name } }),
      ...(category && { suggestedDepartmentId: suggestDepartment(category, district) }),
    };
  }

  /** Replaces the whole layer with an admin's GeoJSON FeatureCollection (400 naming the first bad field). */
  async replace(collection: unknown): Promise<readonly District[]> {
    let parsed: District[];
    try {
      parsed = parseDistrictCollection(collection, {
        departmentIdByCode: (code) => this.reference.departments({ includeInactive: true }).find((d) => d.code === code)?.id,
      });
    } catch (e) {
      if (e instanceof DistrictDataError) throw badInput(e.field, 'districtData', e.message.slice(e.field.length + 2));
      throw e;
    }
    const client = await this.runtime.pool.connect();
    try {
      await client.query('begin');
      await client.query('delete from wz_ref.districts');
      for (const d of parsed) {
        await client.query(
          `insert into wz_ref.districts (code, name, department_id, local_categories, geometry) values ($1, $2, $3, $4, $5)`,
          [d.code, d.name, d.departmentId ?? null, d.localCategories, JSON.stringify(d.geometry)],
        );
      }
      await client.query('commit');
    } catch (e) {
      await client.query('rollback');
      throw e;
    } finally {
      client.release();
    }
    await this.load();
    this.logger.log(`district layer replaced: ${parsed.length} outlines`);
    return this.districts;
  }

  private async load(): Promise<void> {
    const { rows } = await this.runtime.pool.query<{
      code: string;
      name: string;
      department_id: string | null;
      local_categories: string[];
      geometry: District['geometry'];
    }>(`select code, name, department_id, local_categories, geometry from wz_ref.districts order by code`);
    this.districts = rows.map((r) => ({
      code: r.code,
      name: r.name,
      ...(r.department_id && { departmentId: r.department_id }),
      localCategories: r.local_categories,
      geometry: r.geometry,
    }));
  }
}
