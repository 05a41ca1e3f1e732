import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { CaseSearchPage, SearchCasesDto } from './search-cases.dto';
import { SearchCasesQuery } from './search-cases.query';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class SearchCasesController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('reviewer', 'supervisor', 'auditor', 'handler')
  @ApiOperation({
    summary:
      'Staff search (案件查询): every case for the hotline office, supervisors and auditors; a handler finds the cases ever dispatched to their department',
    description:
      'Newest first, keyset pagination (pass nextCursor as ?cursor= with the same filters). Titles are the redacted copies; no personal data. ' +
      '`phone` matches a keyed hash of the number (blind index), for reviewers and, on the cases currently theirs, handlers. ' +
      'Open a case at its `url` (GET /api/petitions/:id), where personal data is shown or masked as for any read.',
  })
  @ApiOkResponse({ type: CaseSearchPage })
  @ApiBadRequestResponse({ description: 'a filter, the limit or the cursor is invalid (the message names it)' })
  @ApiForbiddenResponse({ description: 'not staff; a handler token without a department; phone by a supervisor or auditor' })
  search(@Query() filter: SearchCasesDto, @CurrentPrincipal() principal: Principal): Promise<CaseSearchPage> {
    return this.queryBus.execute(new SearchCasesQuery(filter, principal));
  }
}
