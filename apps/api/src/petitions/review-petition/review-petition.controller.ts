import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest, commandMeta } from '../shared/command-request';
import { ReviewPetitionCommand } from './review-petition.command';
import { ReviewPetitionDto } from './review-petition.dto';

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class ReviewPetitionController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/review')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({ summary: 'Review a submitted petition: accept, reject or mark as duplicate (reviewer)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async reviewPetition(@Param('id', PetitionIdPipe) id: string, @Body() body: ReviewPetitionDto, @WriteRequest() request: RequestMeta) {
    const result = await this.commandBus.execute(new ReviewPetitionCommand(id, body, commandMeta(request, ['reviewer'])));
    return { id, revision: result.revision };
  }
}
