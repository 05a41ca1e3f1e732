import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/auth.decorators';
import { ExportPublicPetitionsDto } from './export-public-petitions.dto';
import { CSV_ENCODING, EXPORT_COLUMNS, JSON_ENCODING, OPEN_DATA_LICENCE, PublicPetitionsExport } from './export-public-petitions.service';

/** Resolves true once `chunk` is written or buffered within limits, false when the client has gone. */
function write(res: Response, chunk: string): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  if (res.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

const EXAMPLE_ITEM = {
  trackingCode: 'WZ20261012-7K3M9Q2XAB',
  submittedAt: '2026-10-12T02:00:00.000Z',
  status: 'closed',
  kind: 'complaint',
  channel: 'web',
  departmentId: '6f1c3e52-3b8a-4d0e-9a57-1f2b3c4d5e6f',
  departmentName: '鹿城区人民政府',
  categoryId: null,
  categoryName: null,
  citizen: '张*',
  title: '小区停水三天无人处理',
  content: '鹿城区人民路**号小区从10月12日起停水三天……',
  location: '鹿城区人民路**号',
  answer: '已协调水务公司恢复供水。',
  respondedAt: '2026-10-14T06:00:00.000Z',
  closedAt: '2026-10-15T01:00:00.000Z',
  satisfaction: 'satisfied',
  ratingComment: null,
  commentCount: 0,
};

@ApiTags('public')
@Controller('public/export')
export class ExportPublicPetitionsController {
  private readonly logger = new Logger(ExportPublicPetitionsController.name);

  constructor(private readonly exporter: PublicPetitionsExport) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Open data (数据开放): every public case of the sunshine listing, streamed as CSV or JSON',
    description:
      'Exactly what the sunshine listing publishes, redacted the same way; confidential cases and cases without publication consent never appear. ' +
      `Columns, in this order for good: ${EXPORT_COLUMNS.join(', ')}. Oldest first. Times are UTC (ISO 8601). ` +
      "csv: UTF-8 with BOM and CRLF; line 1 is the licence (one cell starting with #), line 2 the header; text cells starting with = + - @ get a leading '. " +
      'json: one document { licence, columns, items }. Period by submission day, to EXCLUSIVE; both optional.',
  })
  @ApiProduces('text/csv', 'application/json')
  @ApiOkResponse({
    description: 'an attachment named wenzheng-open-data_<from|start>_<to|now>.<csv|json>',
    example: { licence: OPEN_DATA_LICENCE, columns: EXPORT_COLUMNS, items: [EXAMPLE_ITEM] },
  })
  @ApiBadRequestResponse({
    description: 'format not csv or json, from/to not YYYY-MM-DD dates, to not after from (the message names the field)',
  })
  async export(@Query() request: ExportPublicPetitionsDto, @Res() res: Response): Promise<void> {
    const encoding = request.format === 'json' ? JSON_ENCODING : CSV_ENCODING;
    const pages = this.exporter.pages(request);
    // The first page is read before anything is sent: a database failure is then an error status, not a cut file.
    const first = await pages.next();
    res.status(200);
    res.setHeader('Content-Type', encoding.contentType);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="wenzheng-open-data_${request.from ?? 'start'}_${request.to ?? 'now'}.${encoding.extension}"`,
    );
    res.setHeader('Cache-Control', 'no-store');
    try {
      let open = await write(res, encoding.head());
      if (open && !first.done) open = await write(res, encoding.page(first.value, true));
      while (open) {
        const next = await pages.next();
        if (next.done) break;
        open = await write(res, encoding.page(next.value, false));
      }
      if (open) res.end(encoding.tail());
      else await pages.return(undefined);
    } catch (e) {
      // Headers are gone: cutting the connection is the only way to tell the client the file is incomplete.
      this.logger.error(`open data export failed after the headers were sent: ${(e as Error).message}`);
      res.destroy();
    }
  }
}
