import { Body, Controller, Get, HttpCode, HttpStatus, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsUUID, Matches, ValidateIf, registerDecorator } from 'class-validator';
import { DISTRICT_CODE } from '@wenzheng/petition';
import { gcj02ToWgs84, type District } from '@wenzheng/reference-data';
import { Public, Roles } from '../auth/auth.decorators';
import { DistrictsService } from '@wenzheng/read-models';
import { LowerCaseId } from '@wenzheng/read-models';

export class DistrictView {
  @ApiProperty({ example: '330302' }) code: string;
  @ApiProperty({ example: '鹿城区' }) name: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the department handling local matters here' }) departmentId?: string;
  @ApiProperty({ type: [String], description: 'category codes handled by that department rather than the city one' })
  localCategories: string[];
}

export class DistrictListView {
  @ApiProperty({ type: [DistrictView] }) items: DistrictView[];
}

/** A query-string number: an empty or repeated parameter stays what it is (refused), not 0 or NaN. */
const toNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);

/**
 * A coordinate in degrees as one rule with one message: `?lat=abc` is not a number, below the
 * minimum and above the maximum at once, and three messages for one mistake bury the point.
 */
const IsDegrees =
  (min: number, max: number): PropertyDecorator =>
  (target, propertyName) =>
    registerDecorator({
      name: 'degrees',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [min, max],
      options: { message: `$property must be a number of degrees from ${min} to ${max}` },
      validator: { validate: (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max },
    });

export class SuggestionQuery {
  @ApiPropertyOptional({ example: 28.017, minimum: -90, maximum: 90, description: 'latitude in degrees, with lng' })
  @ValidateIf((o: SuggestionQuery) => o.lng !== undefined || o.lat !== undefined)
  @Transform(toNumber)
  @IsDegrees(-90, 90)
  lat?: number;

  @ApiPropertyOptional({ example: 120.656, minimum: -180, maximum: 180, description: 'longitude in degrees, with lat' })
  @ValidateIf((o: SuggestionQuery) => o.lat !== undefined || o.lng !== undefined)
  @Transform(toNumber)
  @IsDegrees(-180, 180)
  lng?: number;

  @ApiPropertyOptional({ enum: ['wgs84', 'gcj02'], description: 'gcj02: the point is from a Chinese map (Amap, Tencent) and is converted' })
  @IsOptional()
  @IsIn(['wgs84', 'gcj02'])
  coordinateSystem?: 'wgs84' | 'gcj02';

  @ApiPropertyOptional({ example: '330302' })
  @IsOptional()
  @Matches(DISTRICT_CODE, { message: '$property must be a 6-digit district or 9-digit street code' })
  districtCode?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @LowerCaseId()
  @IsUUID('all')
  categoryId?: string;
}

export class DistrictRef {
  @ApiProperty({ example: '330302' }) code: string;
  @ApiProperty({ example: '鹿城区' }) name: string;
}

export class SuggestionView {
  @ApiPropertyOptional({ type: DistrictRef, description: 'absent when the point is in no loaded outline' }) district?: DistrictRef;
  @ApiPropertyOptional({ format: 'uuid', description: 'with categoryId: where such a case here usually goes (a suggestion)' })
  suggestedDepartmentId?: string;
}

const view = ({ geometry: _geometry, ...d }: District): DistrictView => ({ ...d, localCategories: [...d.localCategories] });

@ApiTags('reference data')
@Controller()
export class DistrictsController {
  constructor(private readonly districts: DistrictsService) {}

  @Public()
  @Get('districts')
  @ApiOperation({ summary: 'Districts and streets (行政区划) whose outlines are loaded, without the outlines' })
  @ApiOkResponse({ type: DistrictListView })
  list(): DistrictListView {
    return { items: this.districts.list().map(view) };
  }

  @Public()
  @Get('districts/suggestion')
  @ApiOperation({ summary: 'The district of a point (or a code) and, with categoryId, the department such a case usually goes to' })
  @ApiOkResponse({ type: SuggestionView })
  @ApiBadRequestResponse({ description: 'a coordinate out of range, a malformed code or category' })
  suggestion(@Query() query: SuggestionQuery): SuggestionView {
    const raw = query.lat !== undefined && query.lng !== undefined ? { lat: query.lat, lng: query.lng } : undefined;
    const point = raw && query.coordinateSystem === 'gcj02' ? gcj02ToWgs84(raw) : raw;
    return this.districts.suggest({ point, districtCode: query.districtCode, categoryId: query.categoryId?.toLowerCase() });
  }

  @Roles('admin')
  @Put('admin/districts')
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Replace the district layer with a GeoJSON FeatureCollection (admin)',
    description:
      'Polygon or MultiPolygon features in WGS-84, properties code (6-digit district or 9-digit street), name, optional departmentCode and localCategories (category codes). Cases already submitted keep their district.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['type', 'features'],
      properties: { type: { enum: ['FeatureCollection'] }, features: { type: 'array', items: { type: 'object' } } },
      example: {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { code: '330302', name: '鹿城区', departmentCode: 'LUCHENG' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [120.6, 28.0],
                  [120.7, 28.0],
                  [120.7, 28.05],
                  [120.6, 28.05],
                  [120.6, 28.0],
                ],
              ],
            },
          },
        ],
      },
    },
  })
  @ApiOkResponse({ type: DistrictListView })
  @ApiBadRequestResponse({ description: 'not a FeatureCollection of polygons with code and name (the field is named)' })
  @ApiUnauthorizedResponse()
  @ApiForbiddenResponse()
  async replace(@Body() body: unknown): Promise<DistrictListView> {
    return { items: (await this.districts.replace(body)).map(view) };
  }
}
