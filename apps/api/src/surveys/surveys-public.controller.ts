import { newId } from '@wenzheng/event-store';
import {
  Body,
  Controller,
  ConflictException,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { withinPeriod } from '@wenzheng/survey';
import { Public } from '../auth/auth.decorators';
import { IsCleanText, IsMobileNumber } from '../petitions/shared/validators';
import { AnonymousRateLimitGuard } from '../http/anonymous-rate-limit.guard';
import { RequestMeta, WriteRequest } from '../petitions/shared/command-request';
import { UuidParam } from '../consultations/shared/consultation-request';
import { IsNotLandline, PhoneCodes, RESPONDENT_KEYS } from './phone-codes';
import { RespondentKeys } from './respondent-key';
import { SurveyCommandRunner } from '@wenzheng/command-runner';
import { SurveyReader, publicSurveyView } from './survey-reader';
import { ListSurveysDto } from './surveys-staff.controller';
import { badInput } from '../http/validation';

export class PhoneCodeDto {
  @ApiProperty({
    example: '139 1234 5678',
    description:
      'A mainland mobile, as citizen.phone takes one (groups split by spaces or dashes, +86); not a landline, as the code goes by SMS. Used to send the SMS, never stored',
  })
  @IsString()
  @IsMobileNumber()
  @IsNotLandline()
  phone: string;
}

export class SurveyAnswerDto {
  @ApiProperty({ example: 'q1' })
  @IsString()
  @Length(1, 40)
  questionId: string;

  @ApiPropertyOptional({ type: [Number], example: [0], description: 'single (one) and multiple (one or more): option indexes from 0' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  choices?: number[];

  @ApiPropertyOptional({ example: 4, description: 'scale: 1 to 5' })
  @IsOptional()
  @IsInt()
  scale?: number;

  @ApiPropertyOptional({
    example: '希望公布水质检测报告',
    description: 'free text (1–2000); personal data in it is masked before anyone reads it',
  })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  @IsCleanText()
  text?: string;
}

export class SurveyResponseDto {
  @ApiProperty({ type: [SurveyAnswerDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SurveyAnswerDto)
  answers: SurveyAnswerDto[];

  @ApiPropertyOptional({
    example: '13912345678',
    description: 'Without a citizen token: the phone the code was sent to (the same number, written with or without groups)',
  })
  @IsOptional()
  @IsString()
  @IsMobileNumber()
  @IsNotLandline()
  phone?: string;

  @ApiPropertyOptional({ example: '042817', description: 'Without a citizen token: the SMS code' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code: six digits' })
  code?: string;
}

@ApiTags('surveys')
@Controller()
export class SurveysPublicController {
  constructor(
    private readonly runner: SurveyCommandRunner,
    private readonly reader: SurveyReader,
    private readonly codes: PhoneCodes,
    @Inject(RESPONDENT_KEYS) private readonly keys: RespondentKeys,
  ) {}

  @Get('public/surveys')
  @Public()
  @ApiOperation({ summary: 'Surveys (网上调查), newest first' })
  @ApiOkResponse({ schema: { example: { items: [], total: 0 } } })
  list(@Query() q: ListSurveysDto) {
    return this.reader.list({ limit: q.limit ?? 20, offset: q.offset ?? 0 });
  }

  @Get('public/surveys/:id')
  @Public()
  @ApiOperation({
    summary:
      'One survey: its questions and, when it allows, the live results (counts, percentages of all responses, scale means, redacted free text)',
  })
  @ApiOkResponse({ schema: { example: { id: '5e0a…', status: 'open', responses: 3, questions: [], results: null } } })
  async one(@Param('id', new UuidParam('id')) id: string) {
    const found = await this.reader.one(id);
    if (!found) throw new NotFoundException(`survey ${id} not found`);
    return publicSurveyView(found.row, found.responses, this.runner.now());
  }

  @Post('surveys/:id/phone-codes')
  @Public()
  @UseGuards(AnonymousRateLimitGuard)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send an SMS code that verifies a phone for this survey',
    description:
      'Good for 10 minutes; one a minute and five an hour per phone and survey (429); five wrong codes lock the phone for this survey for an hour (429).',
  })
  @ApiAcceptedResponse({ schema: { example: { expiresAt: '2026-10-12T02:10:00.000Z' } } })
  async sendCode(@Param('id', new UuidParam('id')) id: string, @Body() body: PhoneCodeDto) {
    const { state } = await this.runner.load(id);
    if (state.status === 'initial') throw new NotFoundException(`survey ${id} not found`);
    const now = this.runner.now();
    if (state.status === 'closed') throw new ConflictException(`survey: closed on ${state.closedAt}; it takes no more responses`);
    if (!withinPeriod(state, now))
      throw new ConflictException(`cannot respond: responses are taken from ${state.opensAt} until ${state.closesAt}`);
    const found = await this.reader.one(id);
    return this.codes.send(id, found?.row.title ?? '网上调查', body.phone, now);
  }

  @Post('surveys/:id/responses')
  @Public()
  @UseGuards(AnonymousRateLimitGuard)
  @ApiOperation({
    summary: 'Answer a survey: once per signed-in citizen (token) or per phone verified by an SMS code',
    description:
      "Outside the period 409; a second response 409 (already_responded), also when the token's verified phone (phone_number with phone_number_verified true) answered by SMS code, or the phone answers by code after such an account; an unknown question or a wrong kind of answer 400 naming the field.",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ schema: { example: { surveyId: '5e0a…', responseId: '8d6c…', revision: 4 } } })
  async respond(@Param('id', new UuidParam('id')) id: string, @Body() body: SurveyResponseDto, @WriteRequest() request: RequestMeta) {
    const citizen = request.principal?.roles.includes('citizen') ? request.principal : undefined;
    let respondentKey: string;
    let phoneKey: string | undefined;
    let verifiedPhoneKey: string | undefined;
    if (citizen) {
      respondentKey = this.keys.ofAccount(id, citizen.sub);
      // The same citizen by SMS code: the decider refuses this response if that phone answered, and that phone's afterwards.
      verifiedPhoneKey = citizen.verifiedPhoneNumber && this.keys.ofVerifiedPhone(id, citizen.verifiedPhoneNumber);
    } else {
      if (!body.phone) throw badInput('phone', 'required', 'required without a signed-in citizen token');
      if (!body.code) throw badInput('code', 'required', 'required with phone (POST /api/surveys/{id}/phone-codes sends one)');
      phoneKey = respondentKey = await this.codes.check(id, body.phone, body.code, this.runner.now());
    }
    const responseId = request.claimed?.newId ?? newId();
    const result = await this.runner.execute(
      id,
      (context) => ({
        type: 'RecordSurveyResponse',
        data: {
          surveyId: id,
          responseId,
          respondentKey,
          ...(verifiedPhoneKey ? { otherKeys: [verifiedPhoneKey] } : {}),
          via: citizen ? 'account' : 'phone',
          answers: body.answers.map((a) => ({
            questionId: a.questionId,
            ...(a.choices !== undefined ? { choices: a.choices } : {}),
            ...(a.scale !== undefined ? { scale: a.scale } : {}),
            ...(a.text !== undefined ? { text: a.text } : {}),
          })),
        },
        context,
      }),
      // Not the account: the metadata would tie the answers to it.
      {
        commandId: request.claimed?.commandId ?? newId(),
        correlationId: request.correlationId,
        actor: { id: 'respondent', role: 'citizen' },
      },
    );
    if (phoneKey) await this.codes.consume(id, phoneKey);
    return { surveyId: id, responseId, revision: result.revision };
  }
}
