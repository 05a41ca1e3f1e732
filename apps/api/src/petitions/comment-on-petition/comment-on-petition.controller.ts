import { createHmac, randomBytes } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Ip, Param, Post, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags, ApiProperty } from '@nestjs/swagger';
import type { AppConfig } from '@wenzheng/platform';
import { Public } from '../../auth/auth.decorators';
import { AnonymousRateLimitGuard } from '../../http/anonymous-rate-limit.guard';
import { APP_CONFIG } from '@wenzheng/platform';
import { RequestMeta, WriteRequest } from '../shared/command-request';
import { PetitionCommandHandler, PetitionCommandSlice, producedAttachmentIds, producedEventId } from '../shared/petition-command.handler';
import { PetitionRef, PetitionRefPipe } from '../shared/petition-ref';
import { ATTACHMENT_IDS_DESCRIPTION, ATTACHMENT_IDS_EXAMPLE, ApiCommandResponse } from '../shared/command-response';
import { IsString, Length } from 'class-validator';
import { IsCleanText } from '../shared/validators';
import type { AttachmentRef } from '@wenzheng/petition';
import { AttachmentStore, UploadedBytes } from '../../attachments/attachment-store';
import { UploadedAttachments } from '../../attachments/uploaded-attachments';
import { ApiAttachments } from '../../attachments/api-attachments';

export class CommentOnPetitionDto {
  @ApiProperty({ example: '同小区，我家也停水了', description: '跟帖 text; personal data in it is masked on publication' })
  @IsString()
  @Length(1, 1000)
  @IsCleanText()
  text: string;
}

/**
 * 网友 + a short stable HMAC of the account (or client address) under a server secret: a bare hash
 * of an address could be recomputed by anyone for a guessed address (IPv4 has only 2^32).
 */
function pseudonym(key: string | Buffer, seed: string): string {
  return `网友${createHmac('sha256', key).update(`commenter:${seed}`).digest('hex').slice(0, 6)}`;
}

export const commentOnPetition: PetitionCommandSlice<CommentOnPetitionDto & { author: string; attachments?: readonly AttachmentRef[] }> = {
  toCommand: (petitionId, body, context) => ({
    type: 'CommentOnPetition',
    data: { petitionId, text: body.text.trim(), author: body.author, ...(body.attachments && { attachments: body.attachments }) },
    context,
  }),
  // The commenter learns the name their comment is shown under, and the id moderation and the
  // public page give it (its event's), with those of its attachments.
  details: (result, { author }) => ({
    author,
    commentId: producedEventId(result, 'PetitionCommented') ?? '',
    attachmentIds: producedAttachmentIds(result),
  }),
};

@ApiTags('petitions')
@Controller('petitions')
@UseGuards(AnonymousRateLimitGuard)
export class CommentOnPetitionController {
  private readonly pseudonymKey: string | Buffer;

  constructor(
    private readonly commands: PetitionCommandHandler,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly attachments: AttachmentStore,
  ) {
    // Same secret family as the access keys; without one (never under `npm start`), a key per process.
    this.pseudonymKey = config.accessKeySecret ?? config.jwtSecret ?? randomBytes(32);
  }

  @Post(':ref/comments')
  @HttpCode(200)
  @ApiCommandResponse(
    { author: '网友3f9a1c', commentId: '5d2e8f1a-7c3b-4e9d-a6f0-1b2c3d4e5f60', attachmentIds: ATTACHMENT_IDS_EXAMPLE },
    200,
    {
      commentId: "the comment's id: comments[].id of the public page, commentId of moderation and of the case's attachments",
      attachmentIds: ATTACHMENT_IDS_DESCRIPTION,
    },
  )
  @Public()
  @ApiOperation({ summary: 'Comment on a public case (跟帖), anyone' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiAttachments(CommentOnPetitionDto)
  async commentOnPetition(
    @Param('ref', PetitionRefPipe) { id }: PetitionRef,
    @Body() body: CommentOnPetitionDto,
    @WriteRequest() request: RequestMeta,
    @Ip() ip: string,
    @UploadedAttachments() files?: UploadedBytes[],
  ) {
    const author = pseudonym(this.pseudonymKey, request.principal?.sub ?? `ip:${ip}`);
    return this.attachments.withAttachments(id, files, request.claimed?.commandId, (attachments) =>
      this.commands.handle(commentOnPetition, id, { ...body, author, attachments }, request),
    );
  }
}
