import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal';
import type { CaseSearchPage, SearchCasesDto } from './search-cases.dto';

export class SearchCasesQuery extends Query<CaseSearchPage> {
  constructor(
    readonly filter: SearchCasesDto,
    readonly principal: Principal,
  ) {
    super();
  }
}
