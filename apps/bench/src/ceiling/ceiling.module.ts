import {
  Body,
  Controller,
  ConflictException,
  Get,
  HttpCode,
  Inject,
  Module,
  Param,
  ParseUUIDPipe,
  Post,
  ValidationPipe,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { CommandBus, CommandHandler, CqrsModule, ICommandHandler } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Pool } from 'pg';

// The stack's own ceiling for a command: the same framework pieces the API's command routes use
// (NestJS on Express, class-validator on the body, a command through @nestjs/cqrs's CommandBus)
// and the same two round trips to PostgreSQL — read the stream's rows, insert one row at the next
// revision — with none of the product's work in between (no decider, no codec, no encryption, no
// idempotency record, no authorisation). What the product reaches of this figure is the share of
// the stack's capacity it keeps for itself.

export const POOL = Symbol('pool');
export const TABLE = 'ceiling_events';

export class CeilingDataDto {
  @IsString() @MaxLength(200) title!: string;
  @IsString() @MaxLength(5000) content!: string;
  @IsOptional() @IsString() @MaxLength(50) channel?: string;
}

export class AppendDto {
  @IsIn(['submitted', 'reviewed', 'dispatched', 'acknowledged', 'responded', 'rated']) type!: string;
  @IsObject() @ValidateNested() @Type(() => CeilingDataDto) data!: CeilingDataDto;
}

export class AppendCommand {
  constructor(
    readonly streamId: string,
    readonly type: string,
    readonly data: CeilingDataDto,
  ) {}
}

@CommandHandler(AppendCommand)
export class AppendHandler implements ICommandHandler<AppendCommand, { revision: number }> {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  async execute(c: AppendCommand): Promise<{ revision: number }> {
    const { rows } = await this.pool.query<{ revision: number; type: string; data: unknown }>(
      `select revision, type, data from ${TABLE} where stream_id = $1 order by revision`,
      [c.streamId],
    );
    try {
      await this.pool.query(`insert into ${TABLE} (stream_id, revision, type, data) values ($1, $2, $3, $4)`, [
        c.streamId,
        rows.length,
        c.type,
        JSON.stringify(c.data),
      ]);
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw new ConflictException('the stream moved on');
      throw e;
    }
    return { revision: rows.length };
  }
}

@Controller()
export class CeilingController {
  constructor(private readonly commands: CommandBus) {}

  @Get('health/live')
  live(): { status: string } {
    return { status: 'up' };
  }

  @Post('streams/:id/events')
  @HttpCode(201)
  append(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: AppendDto): Promise<{ revision: number }> {
    return this.commands.execute(new AppendCommand(id, body.type, body.data));
  }
}

@Module({})
export class CeilingModule {
  static forPool(pool: Pool) {
    return {
      module: CeilingModule,
      imports: [CqrsModule.forRoot()],
      controllers: [CeilingController],
      providers: [{ provide: POOL, useValue: pool }, AppendHandler],
    };
  }
}

/** The ceiling application on a pool, its table created when missing (not yet listening). */
export async function createCeilingApp(pool: Pool): Promise<NestExpressApplication> {
  await pool.query(`create table if not exists ${TABLE} (
    stream_id uuid not null, revision int not null, type text not null, data jsonb not null,
    created timestamptz not null default now(), primary key (stream_id, revision))`);
  const app = await NestFactory.create<NestExpressApplication>(CeilingModule.forPool(pool), { logger: ['error', 'warn'] });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  return app;
}
