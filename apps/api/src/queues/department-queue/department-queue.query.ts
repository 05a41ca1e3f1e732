import { Query } from '@nestjs/cqrs';
import type { DepartmentQueueView } from './department-queue.dto';

export class DepartmentQueueQuery extends Query<DepartmentQueueView> {
  constructor(
    readonly departmentId: string,
    readonly limit: number | undefined,
  ) {
    super();
  }
}
