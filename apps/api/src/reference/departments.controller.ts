import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
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
import { Public, Roles } from '../auth/auth.decorators';
import { CreateDepartmentDto, DepartmentListView, DepartmentView, UpdateDepartmentDto } from '@wenzheng/read-models';
import { ReferenceDataService } from '@wenzheng/read-models';
import { IdParam, ListReferenceQuery } from '@wenzheng/read-models';

@ApiTags('reference data')
@Controller()
export class DepartmentsController {
  constructor(private readonly reference: ReferenceDataService) {}

  @Public()
  @Get('departments')
  @ApiOperation({ summary: 'Departments a case can be dispatched to (承办单位); ?all=true includes inactive ones' })
  @ApiOkResponse({ type: DepartmentListView })
  @ApiBadRequestResponse({ description: 'a query parameter is invalid or unknown' })
  list(@Query() query: ListReferenceQuery): DepartmentListView {
    return { items: [...this.reference.departments({ includeInactive: query.all === true })] };
  }

  @Roles('admin')
  @Post('admin/departments')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Add a department (admin)' })
  @ApiCreatedResponse({ type: DepartmentView })
  @ApiBadRequestResponse({ description: 'a field is invalid or unknown' })
  @ApiConflictResponse({ description: 'the code is taken' })
  @ApiUnauthorizedResponse()
  @ApiForbiddenResponse()
  create(@Body() body: CreateDepartmentDto): Promise<DepartmentView> {
    return this.reference.createDepartment(body);
  }

  @Roles('admin')
  @Patch('admin/departments/:id')
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Rename a department or (de)activate it (admin); cases already dispatched keep its id' })
  @ApiOkResponse({ type: DepartmentView })
  @ApiBadRequestResponse({ description: 'id is not a UUID, or a field is invalid or unknown' })
  @ApiNotFoundResponse()
  @ApiUnauthorizedResponse()
  @ApiForbiddenResponse()
  update(@Param() params: IdParam, @Body() body: UpdateDepartmentDto): Promise<DepartmentView> {
    return this.reference.updateDepartment(params.id, body);
  }
}
