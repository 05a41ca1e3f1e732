import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { MailboxesService } from '@wenzheng/read-models';
import { Public, Roles } from '../auth/auth.decorators';
import { CreateMailboxDto, MailboxIdParam, MailboxListView, MailboxView, PublicMailboxListView, UpdateMailboxDto } from './mailboxes.dto';

/** 领导信箱: the leaders' mailboxes a letter can be written to (handling.md), as reference data. */
@ApiTags('reference data')
@Controller()
export class MailboxesController {
  constructor(private readonly mailboxes: MailboxesService) {}

  @Public()
  @Get('public/mailboxes')
  @ApiOperation({ summary: "The leaders' mailboxes (领导信箱) a letter can be written to, active ones in display order" })
  @ApiOkResponse({ type: PublicMailboxListView })
  list(): PublicMailboxListView {
    // Field by field: the department and the admin's bookkeeping are not for the public site.
    return { items: this.mailboxes.list().map(({ id, title, addresseeType }) => ({ id, title, addresseeType })) };
  }

  @Roles('admin')
  @Get('admin/mailboxes')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Every leader's mailbox, inactive ones included, with its usual department (admin)" })
  @ApiOkResponse({ type: MailboxListView })
  @ApiUnauthorizedResponse()
  @ApiForbiddenResponse()
  listAll(): MailboxListView {
    return { items: [...this.mailboxes.list({ includeInactive: true })] };
  }

  @Roles('admin')
  @Post('admin/mailboxes')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Add a leader's mailbox (admin)" })
  @ApiCreatedResponse({ type: MailboxView })
  @ApiBadRequestResponse({ description: 'a field is invalid or unknown, or departmentId names no active department' })
  @ApiConflictResponse({ description: 'the id is taken' })
  @ApiUnauthorizedResponse()
  @ApiForbiddenResponse()
  create(@Body() body: CreateMailboxDto): Promise<MailboxView> {
    return this.mailboxes.create(body);
  }

  @Roles('admin')
  @Patch('admin/mailboxes/:id')
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @ApiOperation({
    summary: "Retitle a leader's mailbox, change its type, department or order, or (de)activate it (admin); cases keep its id",
  })
  @ApiOkResponse({ type: MailboxView })
  @ApiBadRequestResponse({ description: 'id is malformed, a field is invalid or unknown, or departmentId names no active department' })
  @ApiNotFoundResponse()
  @ApiUnauthorizedResponse()
  @ApiForbiddenResponse()
  update(@Param() params: MailboxIdParam, @Body() body: UpdateMailboxDto): Promise<MailboxView> {
    return this.mailboxes.update(params.id, body);
  }
}
