import { createHmac, randomBytes } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Ip, Param, Post, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AppConfig } from '@wenzheng/platform';
import { Public } from '../../auth/auth.decorators';
import { AnonymousRateLimitGuard } from '../../http/anonymous-rate-limit.guard';
import { RequestMeta, WriteRequest, commandMeta } from '../shared/command-request';
import { PetitionRef, PetitionRefPipe } from '../shared/petition-ref';
import { CommentOnPetitionCommand } from './comment-on-petition.command';
import { CommentOnPetitionDto } from './comment-on-petition.dto';
import { APP_CONFIG } from '../../tokens';

/**
 * 网友 + a short stable HMAC of the account (or client address) under a server secret: a bare hash
 * of an address could be recomputed by anyone for a guessed address (IPv4 has only 2^32).
 */
function pseudonym(key: string | Buffer, seed: string): string {
  return `网友${createHmac('sha256', key).update(`commenter:${seed}`).digest('hex').slice(0, 6)}`;
}

@ApiTags('petitions')
@Controller('petitions')
@UseGuards(AnonymousRateLimitGuard)
export class CommentOnPetitionController {
  private readonly pseudonymKey: string | Buffer;

  constructor(
    private readonly commandBus: CommandBus,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // Same secret family as the access keys; without one (never under `npm start`), a key per process.
    this.pseudonymKey = config.accessKeySecret ?? config.jwtSecret ?? randomBytes(32);
  }

  @Post(':ref/comments')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Comment on a public case (跟帖), anyone' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async commentOnPetition(
    @Param('ref', PetitionRefPipe) { id }: PetitionRef,
    @Body() body: CommentOnPetitionDto,
    @WriteRequest() request: RequestMeta,
    @Ip() ip: string,
  ) {
    const author = pseudonym(this.pseudonymKey, request.principal?.sub ?? `ip:${ip}`);
    const result = await this.commandBus.execute(new CommentOnPetitionCommand(id, { ...body, author }, commandMeta(request, ['citizen'])));
    return { id, revision: result.revision, author };
  }
}
