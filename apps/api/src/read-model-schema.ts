import type { DataSourceOptions } from 'typeorm';

/** The read models' TypeORM entities and migrations (filled by the projection modules). */
export const readModelEntities: NonNullable<DataSourceOptions['entities']> = [];
export const readModelMigrations: NonNullable<DataSourceOptions['migrations']> = [];
