import { createHash } from 'node:crypto';
import { Body, Controller, HttpCode, Ip, Param, Post, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../auth/auth.decorators';
import { AnonymousRateLimitGuard } from '../../http/anonymous-rate-limit.guard';
import { PetitionIdPipe, RequestMeta, WriteRequest, commandMeta } from '../shared/command-request';
import { CommentOnPetitionCommand } from './comment-on-petition.command';
import { CommentOnPetitionDto } from './comment-on-petition.dto';

/** 网友 + a short stable hash of the account (or client address): pseudonymous, never the person. */
function pseudonym(seed: string): string {
  return `网友${createHash('sha256').update(`commenter:${seed}`).digest('hex').slice(0, 6)}`;
}

@ApiTags('petitions')
@Controller('petitions')
@UseGuards(AnonymousRateLimitGuard)
export class CommentOnPetitionController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/comments')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Comment on a public case (跟帖), anyone' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async commentOnPetition(
    @Param('id', PetitionIdPipe) id: string,
    @Body() body: CommentOnPetitionDto,
    @WriteRequest() request: RequestMeta,
    @Ip() ip: string,
  ) {
    const author = pseudonym(request.principal?.sub ?? `ip:${ip}`);
    const result = await this.commandBus.execute(new CommentOnPetitionCommand(id, { ...body, author }, commandMeta(request, ['citizen'])));
    return { id, revision: result.revision, author };
  }
}
