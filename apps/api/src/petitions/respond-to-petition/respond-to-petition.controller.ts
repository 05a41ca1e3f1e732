import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest } from '../shared/command-request';
import { PetitionCommandHandler, PetitionCommandSlice, producedAttachmentIds, producedEvent } from '../shared/petition-command.handler';
import { ATTACHMENT_IDS_DESCRIPTION, ATTACHMENT_IDS_EXAMPLE, ApiCommandResponse } from '../shared/command-response';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { IsCleanText, IsTrimmedLength } from '../shared/validators';
import { ANSWER_OUTCOMES, AnswerOutcome, AttachmentRef } from '@wenzheng/petition';
import { AttachmentStore, UploadedBytes } from '../../attachments/attachment-store';
import { UploadedAttachments } from '../../attachments/uploaded-attachments';
import { ApiAttachments } from '../../attachments/api-attachments';

export class RespondToPetitionDto {
  @ApiProperty({ example: '已协调水务集团抢修，10月8日恢复供水。', description: '答复 / 办复' })
  @IsString()
  @IsTrimmedLength(2, 10000)
  @IsCleanText()
  answer: string;

  @ApiPropertyOptional({
    enum: ANSWER_OUTCOMES,
    example: 'unreachable',
    description: '联系不上: the department could not reach the citizen (the answer says what it did); omitted: an ordinary answer',
  })
  @IsOptional()
  @IsIn(ANSWER_OUTCOMES)
  outcome?: AnswerOutcome;
}

export const respondToPetition: PetitionCommandSlice<RespondToPetitionDto & { attachments?: readonly AttachmentRef[] }> = {
  toCommand: (petitionId, body, context) => ({
    type: 'RespondToPetition',
    data: {
      petitionId,
      answer: body.answer.trim(),
      ...(body.attachments && { attachments: body.attachments }),
      ...(body.outcome !== undefined && { outcome: body.outcome }),
    },
    context,
  }),
  details: (result) => {
    const e = producedEvent(result, 'PetitionResponded');
    return { ...(e && { onTime: e.data.onTime }), attachmentIds: producedAttachmentIds(result) };
  },
};

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class RespondToPetitionController {
  constructor(
    private readonly commands: PetitionCommandHandler,
    private readonly attachments: AttachmentStore,
  ) {}

  @Post(':id/respond')
  @HttpCode(200)
  @ApiCommandResponse({ onTime: true, attachmentIds: ATTACHMENT_IDS_EXAMPLE }, 200, { attachmentIds: ATTACHMENT_IDS_DESCRIPTION })
  @Roles('handler')
  @ApiOperation({
    summary: 'Answer a case (答复/办复, handler)',
    description: 'Not while information asked of the citizen is awaited (409 information_awaited). outcome unreachable: 联系不上.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiAttachments(RespondToPetitionDto)
  async respondToPetition(
    @Param('id', PetitionIdPipe) id: string,
    @Body() body: RespondToPetitionDto,
    @WriteRequest() request: RequestMeta,
    @UploadedAttachments() files?: UploadedBytes[],
  ) {
    return this.attachments.withAttachments(id, files, request.claimed?.commandId, (attachments) =>
      this.commands.handle(respondToPetition, id, { ...body, attachments }, request),
    );
  }
}
