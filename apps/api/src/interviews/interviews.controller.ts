import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, IsUrl, Length, ValidateNested } from 'class-validator';
import type { Request, Response } from 'express';
import { isInterviewStaff, type InterviewCommand, type InterviewContext } from '@wenzheng/interview';
import { CurrentPrincipal, Public, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { AnonymousRateLimitGuard } from '../http/anonymous-rate-limit.guard';
import { RequestMeta, WriteRequest, actorFor, commandMeta } from '../petitions/shared/command-request';
import { ListSurveysDto as ListInterviewsDto } from '../surveys/surveys-staff.controller';
import { IsCleanText, IsDateOrInstant, IsTrimmedLength } from '../petitions/shared/validators';
import { ReferenceDataService } from '@wenzheng/read-models';
import { CONSULTATION_STAFF as INTERVIEW_STAFF, UuidParam } from '../consultations/shared/consultation-request';
import { InterviewLiveFeed, LiveMessage } from './live/interview-live-feed';
import { InterviewReader } from './read-interviews/interview-reader';
import { InterviewCommandRunner } from './shared/interview-command-runner';
import { InterviewForwarder } from './forward/interview-forwarder';
import { LowerCaseId } from '@wenzheng/read-models';
import { badInput } from '../http/validation';

/** Comment lines keep proxies and browsers from closing an idle stream. */
export const HEARTBEAT_MS = { value: 15_000 };

export class GuestDto {
  @ApiProperty({ example: '王建国' })
  @IsString()
  @Length(1, 50)
  @IsCleanText({ singleLine: true })
  name: string;

  @ApiProperty({ example: '市水务局局长' })
  @IsString()
  @Length(1, 100)
  @IsCleanText({ singleLine: true })
  title: string;
}

export class ScheduleInterviewDto {
  @ApiProperty({ example: '城市供水保障与老旧管网改造' })
  @IsString()
  @IsTrimmedLength(2, 200)
  @IsCleanText({ singleLine: true })
  topic: string;

  @ApiPropertyOptional({ example: '市水务局局长做客在线访谈，与网友交流' })
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  @IsCleanText()
  description?: string;

  @ApiProperty({ type: [GuestDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => GuestDto)
  guests: GuestDto[];

  @ApiProperty({ example: '2026-12-10T10:00:00+08:00', description: 'ISO instant with offset' })
  @IsDateOrInstant()
  startsAt: string;

  @ApiProperty({ example: '2026-12-10T11:30:00+08:00', description: 'ISO instant with offset' })
  @IsDateOrInstant()
  endsAt: string;

  @ApiPropertyOptional({
    example: '7d3c6f1e-2a4b-4c5d-8e9f-0a1b2c3d4e5f',
    description: "Administrators only: the department (a handler schedules for the token's department)",
  })
  @IsOptional()
  @LowerCaseId()
  @IsUUID()
  departmentId?: string;
}

export class SubmitQuestionDto {
  @ApiProperty({
    example: '老城区供水管网什么时候改造？我家电话13912345678',
    description:
      'Phone numbers, ID numbers, e-mail addresses and card numbers typed in are masked in every public copy (a name is not recognised: the moderator publishes)',
  })
  @IsString()
  @Length(1, 2000)
  @IsCleanText()
  text: string;
}

export class ModerateQuestionDto {
  @ApiProperty({ enum: ['approved', 'rejected'], example: 'approved' })
  @IsIn(['approved', 'rejected'])
  decision: 'approved' | 'rejected';

  @ApiPropertyOptional({ example: '与本期主题无关', description: 'Kept for the record; not published' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  @IsCleanText()
  reason?: string;
}

export class QuestionListDto {
  @ApiProperty({ type: [String], example: ['5b0e7c3a-9d2f-4e61-a8b4-3c7d9e1f2a60'], description: 'Question ids' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @LowerCaseId()
  @IsUUID(undefined, { each: true })
  questionIds: string[];
}

export class MergeQuestionsDto extends QuestionListDto {
  @ApiProperty({ example: '1f4a8c2e-6b3d-4f70-9e15-2d8c7b6a5f43', description: 'The approved question the others are merged into' })
  @LowerCaseId()
  @IsUUID()
  into: string;
}

export class AnswerQuestionDto {
  @ApiProperty({ example: '王建国', description: 'One of the guests, by name' })
  @IsString()
  @Length(1, 50)
  @IsCleanText({ singleLine: true })
  guest: string;

  @ApiProperty({ example: '老城区管网改造今年10月底前完成。' })
  @IsString()
  @Length(1, 20_000)
  @IsCleanText()
  text: string;

  @ApiPropertyOptional({ type: [String], example: ['https://www.example.gov.cn/interview/12/clip.mp4'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUrl({ protocols: ['https'], require_protocol: true }, { each: true })
  media?: string[];
}

export class PublishTranscriptDto {
  @ApiPropertyOptional({ example: '本期访谈共回答网友问题12个，未及回答的问题已转交市水务局办理。' })
  @IsOptional()
  @IsString()
  @Length(1, 20_000)
  @IsCleanText()
  summary?: string;
}

const EXAMPLE = { id: '1e0a1b2c-3d4e-4f50-8a6b-000000000001', revision: 3, status: 'live' };

@ApiTags('interviews')
@Controller()
export class InterviewsController {
  constructor(
    private readonly runner: InterviewCommandRunner,
    private readonly reader: InterviewReader,
    private readonly feed: InterviewLiveFeed,
    private readonly forwarder: InterviewForwarder,
    private readonly reference: ReferenceDataService,
  ) {}

  private async staff(id: string, request: RequestMeta, build: (context: InterviewContext) => InterviewCommand) {
    const result = await this.runner.execute(id, build, commandMeta(request, INTERVIEW_STAFF));
    return { id, revision: result.revision, status: result.state.status };
  }

  @Post('interviews')
  @Roles(...INTERVIEW_STAFF)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Schedule an online interview (在线访谈): topic, guests, times; staff of the department or admin' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ schema: { example: { ...EXAMPLE, revision: 0, status: 'scheduled' } } })
  async schedule(@Body() body: ScheduleInterviewDto, @WriteRequest() request: RequestMeta) {
    const meta = commandMeta(request, INTERVIEW_STAFF);
    const departmentId = meta.actor.role === 'admin' ? body.departmentId : meta.actor.departmentId;
    if (!departmentId) throw badInput('departmentId', 'required', 'required for an administrator');
    if (!this.reference.department(departmentId)) throw badInput('departmentId', 'knownDepartment', 'no such department');
    const id = request.claimed?.newId ?? randomUUID();
    const { topic, description, guests } = body;
    const result = await this.runner.execute(
      id,
      (context) => ({
        type: 'ScheduleInterview',
        data: {
          interviewId: id,
          departmentId,
          topic: topic.trim(),
          ...(description ? { description } : {}),
          guests: guests.map((g) => ({ name: g.name.trim(), title: g.title.trim() })),
          startsAt: new Date(body.startsAt),
          endsAt: new Date(body.endsAt),
        },
        context,
      }),
      meta,
    );
    return { id, revision: result.revision, status: result.state.status };
  }

  @Post('interviews/:id/questions')
  @Public()
  @UseGuards(AnonymousRateLimitGuard)
  @ApiOperation({
    summary: 'Ask a question before or during the session, anyone (rate-limited); shown once a moderator approves it',
    description: '409 once the interview has ended. The account (if signed in) is recorded sealed and never shown.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ schema: { example: { interviewId: EXAMPLE.id, questionId: '8d6c…', revision: 4, status: 'pending' } } })
  async submit(@Param('id', new UuidParam('id')) id: string, @Body() body: SubmitQuestionDto, @WriteRequest() request: RequestMeta) {
    const questionId = request.claimed?.newId ?? randomUUID();
    const author = request.principal?.sub;
    const result = await this.runner.execute(
      id,
      (context) => ({
        type: 'SubmitQuestion',
        data: { interviewId: id, questionId, text: body.text.trim(), ...(author ? { author } : {}) },
        context,
      }),
      commandMeta(request, ['citizen']),
    );
    return { interviewId: id, questionId, revision: result.revision, status: 'pending' };
  }

  @Post('interviews/:id/questions/:questionId/moderation')
  @HttpCode(200)
  @Roles(...INTERVIEW_STAFF)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Approve or reject a pending question (moderator: staff of the department)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ schema: { example: EXAMPLE } })
  moderate(
    @Param('id', new UuidParam('id')) id: string,
    @Param('questionId', new UuidParam('questionId')) questionId: string,
    @Body() body: ModerateQuestionDto,
    @WriteRequest() request: RequestMeta,
  ) {
    return this.staff(id, request, (context) =>
      body.decision === 'approved'
        ? { type: 'ApproveQuestion', data: { interviewId: id, questionId }, context }
        : { type: 'RejectQuestion', data: { interviewId: id, questionId, ...(body.reason ? { reason: body.reason } : {}) }, context },
    );
  }

  @Post('interviews/:id/merges')
  @HttpCode(200)
  @Roles(...INTERVIEW_STAFF)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Merge questions asking the same thing into an approved one (moderator)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ schema: { example: EXAMPLE } })
  merge(@Param('id', new UuidParam('id')) id: string, @Body() body: MergeQuestionsDto, @WriteRequest() request: RequestMeta) {
    const ids = body.questionIds.map((q) => q.toLowerCase());
    return this.staff(id, request, (context) => ({
      type: 'MergeQuestions',
      data: { interviewId: id, into: body.into.toLowerCase(), questionIds: ids },
      context,
    }));
  }

  @Post('interviews/:id/order')
  @HttpCode(200)
  @Roles(...INTERVIEW_STAFF)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The order approved questions are put to the guests in (moderator)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ schema: { example: EXAMPLE } })
  order(@Param('id', new UuidParam('id')) id: string, @Body() body: QuestionListDto, @WriteRequest() request: RequestMeta) {
    const ids = body.questionIds.map((q) => q.toLowerCase());
    return this.staff(id, request, (context) => ({ type: 'OrderQuestions', data: { interviewId: id, questionIds: ids }, context }));
  }

  @Post('interviews/:id/start')
  @HttpCode(200)
  @Roles(...INTERVIEW_STAFF)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The session goes live' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ schema: { example: EXAMPLE } })
  start(@Param('id', new UuidParam('id')) id: string, @WriteRequest() request: RequestMeta) {
    return this.staff(id, request, (context) => ({ type: 'StartInterview', data: { interviewId: id }, context }));
  }

  @Post('interviews/:id/questions/:questionId/answers')
  @HttpCode(200)
  @Roles(...INTERVIEW_STAFF)
  @ApiBearerAuth()
  @ApiOperation({ summary: "A guest's answer to an approved question, during the session (typed by the department's staff)" })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ schema: { example: { ...EXAMPLE, answerId: '5f2e…' } } })
  async answer(
    @Param('id', new UuidParam('id')) id: string,
    @Param('questionId', new UuidParam('questionId')) questionId: string,
    @Body() body: AnswerQuestionDto,
    @WriteRequest() request: RequestMeta,
  ) {
    const answerId = request.claimed?.newId ?? randomUUID();
    const { guest, text, media } = body;
    const result = await this.staff(id, request, (context) => ({
      type: 'AnswerQuestion',
      data: { interviewId: id, questionId, answerId, guest: guest.trim(), text: text.trim(), ...(media ? { media } : {}) },
      context,
    }));
    return { ...result, answerId };
  }

  @Post('interviews/:id/end')
  @HttpCode(200)
  @Roles(...INTERVIEW_STAFF)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The session ends; no more questions (409)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ schema: { example: { ...EXAMPLE, status: 'ended' } } })
  end(@Param('id', new UuidParam('id')) id: string, @WriteRequest() request: RequestMeta) {
    return this.staff(id, request, (context) => ({ type: 'EndInterview', data: { interviewId: id }, context }));
  }

  @Post('interviews/:id/transcript')
  @HttpCode(200)
  @Roles(...INTERVIEW_STAFF)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Publish the transcript; every approved question left unanswered becomes a petition dispatched to the department',
    description: 'Refused (409) while a question awaits moderation. Calling it again after a failure forwards what is left, once.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ schema: { example: { ...EXAMPLE, status: 'published', forwarded: [{ questionId: '8d6c…', petitionId: '0b9f…' }] } } })
  async transcript(@Param('id', new UuidParam('id')) id: string, @Body() body: PublishTranscriptDto, @WriteRequest() request: RequestMeta) {
    // Through the decider even when published: it says who may retry (staff of the department).
    const result = await this.staff(id, request, (context) => ({
      type: 'PublishTranscript',
      data: { interviewId: id, ...(body.summary ? { summary: body.summary } : {}) },
      context,
    }));
    const forwarded = await this.forwarder.forwardUnanswered(id);
    return { ...result, forwarded };
  }

  @Get('public/interviews')
  @Public()
  @ApiOperation({ summary: 'Online interviews (在线访谈), the latest session first: topic, guests, times, status, counts' })
  @ApiOkResponse({ schema: { example: { items: [{ id: EXAMPLE.id, topic: '城市供水保障', status: 'scheduled', guests: [] }], total: 1 } } })
  list(@Query() q: ListInterviewsDto) {
    return this.reader.list({ limit: q.limit ?? 20, offset: q.offset ?? 0 });
  }

  @Get('interviews')
  @Roles(...INTERVIEW_STAFF)
  @ApiBearerAuth()
  @ApiOperation({ summary: "The department's interviews (admin: all)" })
  @ApiOkResponse({ schema: { example: { items: [], total: 0 } } })
  departmentList(@Query() q: ListInterviewsDto, @CurrentPrincipal() principal: Principal) {
    const actor = actorFor(principal, INTERVIEW_STAFF);
    if (actor.role !== 'admin' && !actor.departmentId) throw new ForbiddenException('the token names no department');
    return this.reader.list({
      limit: q.limit ?? 20,
      offset: q.offset ?? 0,
      departmentId: actor.role === 'admin' ? undefined : actor.departmentId,
    });
  }

  @Get('interviews/:id')
  @Roles(...INTERVIEW_STAFF)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      "The moderators' view: every question with its status (pending, approved, rejected, merged), order and answers; never the asker",
  })
  @ApiOkResponse({ schema: { example: { id: EXAMPLE.id, topic: '城市供水保障', status: 'live', guests: [], questions: [] } } })
  async moderation(@Param('id', new UuidParam('id')) id: string, @CurrentPrincipal() principal: Principal) {
    const page = await this.reader.staffPage(id);
    if (!page) throw new NotFoundException(`interview ${id} not found`);
    if (!isInterviewStaff(actorFor(principal, INTERVIEW_STAFF), page.departmentId)) {
      throw new ForbiddenException('only staff of the department that runs the interview');
    }
    return page;
  }

  @Get('public/interviews/:id')
  @Public()
  @ApiOperation({ summary: 'The public page: topic, guests, times, status, approved questions in order with their answers' })
  @ApiOkResponse({
    description:
      'A question left unanswered and forwarded carries petitionId and, while that case is on the public listing, its trackingCode (the case page is /cases/<trackingCode>)',
    schema: {
      example: {
        id: EXAMPLE.id,
        topic: '城市供水保障',
        status: 'published',
        guests: [{ name: '王建国', title: '市水务局局长' }],
        questions: [
          {
            questionId: '8d6c1f2e-3a4b-4c5d-9e8f-0a1b2c3d4e5f',
            text: '二次供水设施由谁来维护？',
            submittedAt: '2026-12-10T02:05:00.000Z',
            answers: [],
            petitionId: '0b9f3c6e-2f4d-5a8e-9c1d-5e7a8b9c0d1e',
            trackingCode: 'WZ20261210-7K3M9Q2XAB',
          },
        ],
      },
    },
  })
  async page(@Param('id', new UuidParam('id')) id: string) {
    const page = await this.reader.publicPage(id);
    if (!page) throw new NotFoundException(`interview ${id} not found`);
    return page;
  }

  @Get('public/interviews/:id/events')
  @Public()
  @ApiOperation({
    summary: 'Live updates (text/event-stream): approved questions, answers, merges, order and status as they are appended',
    description: 'Each message has the stream revision as its id (Last-Event-ID resumes); a comment line every 15 s keeps it open.',
  })
  @ApiOkResponse({
    content: { 'text/event-stream': { example: 'id: 7\nevent: answer\ndata: {"questionId":"…","guest":"王建国","text":"…"}\n\n' } },
  })
  async events(@Param('id', new UuidParam('id')) id: string, @Req() req: Request, @Res() res: Response) {
    const { state } = await this.runner.load(id);
    if (state.status === 'initial') throw new NotFoundException(`interview ${id} not found`);
    const last = Number(req.headers['last-event-id']);
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    const write = (m: LiveMessage) => res.write(`id: ${m.id}\nevent: ${m.event}\ndata: ${JSON.stringify(m.data)}\n\n`);
    let closed = false;
    let stop = () => undefined as void;
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS.value);
    req.on('close', () => {
      closed = true;
      clearInterval(heartbeat);
      stop();
    });
    stop = await this.feed.listen(id, Number.isInteger(last) ? last : -1, write);
    if (closed) stop();
  }
}
