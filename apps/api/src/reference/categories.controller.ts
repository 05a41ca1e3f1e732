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
import { CategoryListView, CategoryView, CreateCategoryDto, UpdateCategoryDto } from './categories.dto';
import { ReferenceDataService } from '@wenzheng/read-models';
import { IdParam, ListReferenceQuery } from '@wenzheng/read-models';

@ApiTags('reference data')
@Controller()
export class CategoriesController {
  constructor(private readonly reference: ReferenceDataService) {}

  @Public()
  @Get('categories')
  @ApiOperation({ summary: 'Case categories with the department a reviewer usually dispatches them to; ?all=true includes inactive ones' })
  @ApiOkResponse({ type: CategoryListView })
  @ApiBadRequestResponse({ description: 'a query parameter is invalid or unknown' })
  list(@Query() query: ListReferenceQuery): CategoryListView {
    return { items: [...this.reference.categories({ includeInactive: query.all === true })] };
  }

  @Roles('admin')
  @Post('admin/categories')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Add a category (admin)' })
  @ApiCreatedResponse({ type: CategoryView })
  @ApiBadRequestResponse({ description: 'a field is invalid or unknown, or defaultDepartmentId names no active department' })
  @ApiConflictResponse({ description: 'the code is taken' })
  @ApiUnauthorizedResponse()
  @ApiForbiddenResponse()
  create(@Body() body: CreateCategoryDto): Promise<CategoryView> {
    return this.reference.createCategory(body);
  }

  @Roles('admin')
  @Patch('admin/categories/:id')
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Rename a category, change its default department or (de)activate it (admin)' })
  @ApiOkResponse({ type: CategoryView })
  @ApiBadRequestResponse({
    description: 'id is not a UUID, a field is invalid or unknown, or defaultDepartmentId names no active department',
  })
  @ApiNotFoundResponse()
  @ApiUnauthorizedResponse()
  @ApiForbiddenResponse()
  update(@Param() params: IdParam, @Body() body: UpdateCategoryDto): Promise<CategoryView> {
    return this.reference.updateCategory(params.id, body);
  }
}
