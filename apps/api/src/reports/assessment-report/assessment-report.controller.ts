import { Controller, Get, Header, Logger, Query, Res, StreamableFile, UnprocessableEntityException } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { toLocalIso } from '@wenzheng/calendar';
import { Roles } from '../../auth/auth.decorators';
import { Clock } from '@wenzheng/petition-store';
import { AssessmentReportQuery } from '@wenzheng/read-models';
import { CSV_TYPE, XLSX_TYPE, contentDisposition, reportBody } from './assessment-report.files';
import {
  AssessmentDeductionsRequest,
  AssessmentReportRequest,
  ReportRequestError,
  reportPeriod,
  reportTime,
} from './assessment-report.request';
import { AssessmentReportView, DeductionPageView, deductionItemView } from './assessment-report.view';
import { ReportTooLargeError } from './assessment-report.xlsx';
import { badInput } from '../../http/validation';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class AssessmentReportController {
  private readonly logger = new Logger(AssessmentReportController.name);

  constructor(
    private readonly reports: AssessmentReportQuery,
    private readonly clock: Clock,
  ) {}

  @Get('assessment')
  @Roles('supervisor', 'auditor') // docs/scoring.md: an auditor follows a deduction down to the case
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Assessment report (监督考核): figures, score and rank per department for a period, with every deduction',
    description:
      'The period is [from 00:00, to 00:00) Asia/Shanghai: `to` is EXCLUSIVE (October 2026 is from=2026-10-01&to=2026-11-01), at most 366 days. ' +
      'A case counts in the period its deadline (or act) falls in; a deadline not passed at `asOf` (default now) is pending and counted nowhere. ' +
      'Confidential cases are included (internal report). Weights come from the SCORING_WEIGHTS configuration and are shown in the JSON. ' +
      'format=json (default) for screens; format=csv is UTF-8 with BOM and one table per file: sheet=departments (部门考核, default) or ' +
      'sheet=deductions (扣分明细); it holds no report time, so the same events and the same asOf give byte-identical CSV (the report time is in the ' +
      'X-Report-As-Of header). format=xlsx holds both sheets, 部门考核 and 扣分明细, times in Beijing time. Rows: departments in rank order; deductions ' +
      'by department rank, then time, then event id. Rates are rounded to 4 decimals, average working days to 2.',
  })
  @ApiProduces('application/json', CSV_TYPE, XLSX_TYPE)
  @ApiOkResponse({
    type: AssessmentReportView,
    description: 'JSON; csv and xlsx are attachments named assessment_<from>_<to>[_<sheet>].<ext>',
  })
  @ApiBadRequestResponse({
    description:
      'a field is invalid: from/to not YYYY-MM-DD dates, to not after from, more than 366 days, unknown format or sheet, sheet without format=csv, asOf not an instant or later than now',
  })
  @ApiUnauthorizedResponse({ description: 'no valid bearer token' })
  @ApiForbiddenResponse({ description: 'the token has no supervisor role' })
  @ApiUnprocessableEntityResponse({ description: 'format=xlsx with more deductions than a sheet holds' })
  async report(@Query() request: AssessmentReportRequest, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const asOf = this.asOf(request.asOf);
    // Figures are counted in SQL; the deductions stream from a cursor into the response (JSON too).
    const session = await this.reports.open({ ...reportPeriod(request), now: asOf, includeConfidential: true });
    const days = { from: request.from, to: request.to };
    let out;
    try {
      out = reportBody(session, days, request.format ?? 'json', request.sheet);
    } catch (e) {
      if (e instanceof ReportTooLargeError)
        throw new UnprocessableEntityException({ statusCode: 422, error: 'Unprocessable Entity', message: e.message });
      throw e;
    }
    res.setHeader('X-Report-As-Of', toLocalIso(asOf));
    const file = new StreamableFile(out.body, {
      type: out.contentType,
      ...(out.file ? { disposition: contentDisposition(out.file) } : {}),
    });
    // Headers are gone by the time a page fails: cut the response short rather than end it as if complete.
    return file.setErrorHandler((err, response) => {
      this.logger.error(`assessment report ${days.from}..${days.to} failed while streaming: ${err.message}`);
      if (response.destroy) response.destroy();
      else response.end();
    });
  }

  @Get('assessment/deductions')
  @Roles('supervisor', 'auditor')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "A page of the assessment report's deductions (扣分明细) for a screen",
    description:
      'The same period (to EXCLUSIVE), report time and order as GET /api/reports/assessment (department rank, then time, then event id), ' +
      'each deduction with its department; at most 100 a page. The whole list is in the XLSX (扣分明细) or format=csv&sheet=deductions.',
  })
  @ApiOkResponse({ type: DeductionPageView })
  @ApiBadRequestResponse({ description: 'from/to/asOf as for the report, offset or limit not an integer in range' })
  @ApiUnauthorizedResponse({ description: 'no valid bearer token' })
  @ApiForbiddenResponse({ description: 'the token has no supervisor or auditor role' })
  async deductions(@Query() request: AssessmentDeductionsRequest): Promise<DeductionPageView> {
    const asOf = this.asOf(request.asOf);
    const offset = request.offset ?? 0;
    const limit = request.limit ?? 20;
    const session = await this.reports.open({ ...reportPeriod(request), now: asOf, includeConfidential: true });
    try {
      const page = await session.deductionPage(offset, limit);
      return {
        from: request.from,
        to: request.to,
        asOf: toLocalIso(asOf),
        total: session.figures.departments.reduce((n, d) => n + d.deductionCount, 0),
        offset,
        limit,
        items: page.map(({ department, deduction }) => deductionItemView(department, deduction)),
      };
    } finally {
      await session.close();
    }
  }

  /** The report time of a request: asOf, or now; never later than now (400 naming asOf). */
  private asOf(asOf: string | undefined): Date {
    try {
      return reportTime(asOf, this.clock.now());
    } catch (e) {
      if (e instanceof ReportRequestError) throw badInput('asOf', 'notAfterNow', e.message.replace(/^asOf: /, ''));
      throw e;
    }
  }
}
