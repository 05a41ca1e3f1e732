import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  Header,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateNested,
} from 'class-validator';
import { startOfLocalDay } from '@wenzheng/calendar';
import { OffsetPageDto } from '../http/offset-page';
import { QUESTION_KINDS, QuestionKind, RESULTS_VISIBILITIES, ResultsVisibility, isSurveyStaff } from '@wenzheng/survey';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { RequestMeta, WriteRequest, actorFor, commandMeta } from '../petitions/shared/command-request';
import { toDeadline } from '../petitions/shared/deadline-input';
import { IsCleanText, IsDateOrInstant, IsTrimmedLength } from '../petitions/shared/validators';
import { ReferenceDataService } from '@wenzheng/read-models';
import { CONSULTATION_STAFF as SURVEY_STAFF, UuidParam } from '../consultations/shared/consultation-request';
import { CSV_TYPE, XLSX_TYPE } from '../reports/assessment-report/assessment-report.files';
import { SurveyCommandRunner } from '@wenzheng/command-runner';
import { SurveyReader, managementSurveyView, surveyCsv, surveyXlsx } from './survey-reader';
import { LowerCaseId } from '@wenzheng/read-models';
import { badInput } from '../http/validation';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export class SurveyQuestionDto {
  @ApiProperty({ example: 'q1', description: 'Unique within the survey; answers name it' })
  @IsString()
  @Length(1, 40)
  @IsCleanText({ singleLine: true })
  id: string;

  @ApiProperty({ enum: QUESTION_KINDS, example: 'single' })
  @IsIn(QUESTION_KINDS)
  kind: QuestionKind;

  @ApiProperty({ example: '您对本市供水服务是否满意？' })
  @IsString()
  @Length(1, 500)
  @IsCleanText({ singleLine: true })
  text: string;

  @ApiPropertyOptional({ example: ['满意', '基本满意', '不满意'], description: 'single and multiple only (2–50), answered by index' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  @IsCleanText({ singleLine: true }, { each: true })
  options?: string[];

  @ApiPropertyOptional({ default: true, example: true })
  @IsOptional()
  @IsBoolean()
  required?: boolean;
}

export class PublishSurveyDto {
  @ApiProperty({ example: '2026年城市供水服务满意度调查' })
  @IsString()
  @IsTrimmedLength(2, 200)
  @IsCleanText({ singleLine: true })
  title: string;

  @ApiPropertyOptional({ example: '为改进供水服务，诚邀市民参与。' })
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  @IsCleanText()
  description?: string;

  @ApiProperty({ type: [SurveyQuestionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SurveyQuestionDto)
  questions: SurveyQuestionDto[];

  @ApiProperty({
    example: '2026-10-12',
    description: 'YYYY-MM-DD (from the start of that day, Asia/Shanghai) or an ISO instant with offset',
  })
  @IsDateOrInstant()
  opensAt: string;

  @ApiProperty({ example: '2026-10-23', description: 'YYYY-MM-DD (to the end of that day, Asia/Shanghai) or an ISO instant with offset' })
  @IsDateOrInstant()
  closesAt: string;

  @ApiPropertyOptional({ enum: RESULTS_VISIBILITIES, default: 'after_close', description: 'live, after_close or staff (never public)' })
  @IsOptional()
  @IsIn(RESULTS_VISIBILITIES)
  resultsVisibility?: ResultsVisibility;

  @ApiPropertyOptional({
    example: '7d3c6f1e-2a4b-4c5d-8e9f-0a1b2c3d4e5f',
    description: "Administrators only: the owning department (a handler publishes for the token's department)",
  })
  @IsOptional()
  @LowerCaseId()
  @IsUUID()
  departmentId?: string;
}

export class ListSurveysDto extends OffsetPageDto {}

export class ExportSurveyDto {
  @ApiProperty({ enum: ['csv', 'xlsx'] })
  @IsIn(['csv', 'xlsx'])
  format: 'csv' | 'xlsx';
}

@ApiTags('surveys')
@ApiBearerAuth()
@Controller('surveys')
export class SurveysStaffController {
  constructor(
    private readonly runner: SurveyCommandRunner,
    private readonly reader: SurveyReader,
    private readonly reference: ReferenceDataService,
  ) {}

  @Post()
  @Roles(...SURVEY_STAFF)
  @ApiOperation({ summary: 'Publish a survey (网上调查/投票), staff of the department or admin' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ schema: { example: { id: '5e0a1b2c-3d4e-4f50-8a6b-000000000001', revision: 0, status: 'open' } } })
  async publish(@Body() body: PublishSurveyDto, @WriteRequest() request: RequestMeta) {
    const meta = commandMeta(request, SURVEY_STAFF);
    const departmentId = meta.actor.role === 'admin' ? body.departmentId : meta.actor.departmentId;
    if (!departmentId) throw badInput('departmentId', 'required', 'required for an administrator');
    if (!this.reference.department(departmentId)) throw badInput('departmentId', 'knownDepartment', 'no such department');
    const id = request.claimed?.newId ?? randomUUID();
    const result = await this.runner.execute(
      id,
      (context) => ({
        type: 'PublishSurvey',
        data: {
          surveyId: id,
          departmentId,
          title: body.title.trim(),
          ...(body.description ? { description: body.description } : {}),
          questions: body.questions.map((q) => ({
            id: q.id,
            kind: q.kind,
            text: q.text.trim(),
            ...(q.options ? { options: q.options.map((o) => o.trim()) } : {}),
            required: q.required ?? true,
          })),
          opensAt: DATE_ONLY.test(body.opensAt) ? startOfLocalDay(body.opensAt) : new Date(body.opensAt),
          closesAt: toDeadline(body.closesAt),
          resultsVisibility: body.resultsVisibility ?? 'after_close',
        },
        context,
      }),
      meta,
    );
    return { id, revision: result.revision, status: result.state.status };
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(...SURVEY_STAFF)
  @ApiOperation({ summary: 'Close a survey (also before its period ends), staff of the department' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ schema: { example: { id: '5e0a1b2c-3d4e-4f50-8a6b-000000000001', revision: 12, status: 'closed' } } })
  async close(@Param('id', new UuidParam('id')) id: string, @WriteRequest() request: RequestMeta) {
    const result = await this.runner.execute(
      id,
      (context) => ({ type: 'CloseSurvey', data: { surveyId: id }, context }),
      commandMeta(request, SURVEY_STAFF),
    );
    return { id, revision: result.revision, status: result.state.status };
  }

  @Get()
  @Roles(...SURVEY_STAFF)
  @ApiOperation({ summary: "The department's surveys (admin: all)" })
  @ApiOkResponse({ schema: { example: { items: [], total: 0 } } })
  list(@Query() q: ListSurveysDto, @CurrentPrincipal() principal: Principal) {
    const actor = actorFor(principal, SURVEY_STAFF);
    if (actor.role !== 'admin' && !actor.departmentId) throw new ForbiddenException('the token names no department');
    return this.reader.list({
      limit: q.limit ?? 20,
      offset: q.offset ?? 0,
      departmentId: actor.role === 'admin' ? undefined : actor.departmentId,
    });
  }

  @Get(':id')
  @Roles(...SURVEY_STAFF)
  @ApiOperation({ summary: "The department's view: the results whatever the visibility, free text redacted" })
  @ApiOkResponse({ schema: { example: { id: '5e0a…', status: 'open', responses: 12, results: [] } } })
  async manage(@Param('id', new UuidParam('id')) id: string, @CurrentPrincipal() principal: Principal) {
    const found = await this.staffRead(id, principal);
    return managementSurveyView(found.row, found.responses);
  }

  @Get(':id/export')
  @Roles(...SURVEY_STAFF)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Every response as CSV (UTF-8 with BOM) or XLSX, for the department',
    description:
      'One line per response: id, time, how verified, each answer (option labels; the scale point; free text as redacted). Never a respondent.',
  })
  @ApiProduces(CSV_TYPE, XLSX_TYPE)
  @ApiOkResponse({ description: 'an attachment survey_<id>.csv or .xlsx', schema: { type: 'string', format: 'binary' } })
  async export(@Param('id', new UuidParam('id')) id: string, @Query() q: ExportSurveyDto, @CurrentPrincipal() principal: Principal) {
    const found = await this.staffRead(id, principal);
    const body = q.format === 'xlsx' ? await surveyXlsx(found.row, found.responses) : surveyCsv(found.row, found.responses);
    return new StreamableFile(body, {
      type: q.format === 'xlsx' ? XLSX_TYPE : CSV_TYPE,
      disposition: `attachment; filename="survey_${id}.${q.format}"`,
      length: body.length,
    });
  }

  private async staffRead(id: string, principal: Principal) {
    const found = await this.reader.one(id);
    if (!found) throw new NotFoundException(`survey ${id} not found`);
    if (!isSurveyStaff(actorFor(principal, SURVEY_STAFF), found.row.departmentId)) {
      throw new ForbiddenException('only staff of the department that published the survey');
    }
    return found;
  }
}
