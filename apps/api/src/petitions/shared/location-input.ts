import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { DISTRICT_CODE, type GeoPoint } from '@wenzheng/petition';
import { gcj02ToWgs84 } from '@wenzheng/reference-data';
import type { DistrictsService } from '@wenzheng/read-models';
import { IsCleanText } from './validators';
import { badInput } from '../../http/validation';

export const COORDINATE_SYSTEMS = ['wgs84', 'gcj02'] as const;

/** Where it happened. The ranges of lat and lng are the decider's rule (400 naming location.lat / location.lng). */
export class LocationDto {
  @ApiPropertyOptional({ example: '鹿城区人民路123号' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @IsCleanText({ singleLine: true })
  address?: string;

  @ApiPropertyOptional({ example: 28.0146, description: 'latitude in degrees, with lng' })
  @ValidateIf((o: LocationDto) => o.lat !== undefined || o.lng !== undefined)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  lat?: number;

  @ApiPropertyOptional({ example: 120.6721, description: 'longitude in degrees, with lat' })
  @ValidateIf((o: LocationDto) => o.lat !== undefined || o.lng !== undefined)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  lng?: number;

  @ApiPropertyOptional({
    enum: COORDINATE_SYSTEMS,
    description: 'wgs84 (GPS, the default) or gcj02 (Amap, Tencent, WeChat maps: converted to WGS-84)',
  })
  @IsOptional()
  @IsIn(COORDINATE_SYSTEMS)
  coordinateSystem?: (typeof COORDINATE_SYSTEMS)[number];

  @ApiPropertyOptional({ example: '330302', description: 'district (6 digits) or street (9 digits); by default found from the point' })
  @IsOptional()
  @Matches(DISTRICT_CODE, { message: '$property must be a 6-digit district or 9-digit street code' })
  districtCode?: string;
}

/** A location as a command carries it: the address text, the WGS-84 point and the district. */
export interface LocationFields {
  location?: string;
  point?: GeoPoint;
  districtCode?: string;
}

/**
 * The command's location: a GCJ-02 point converted, the district named (which must be loaded)
 * or else found from the point. A point outside every outline keeps no district.
 */
export function locationFields(input: LocationDto | string | undefined, districts: DistrictsService, field = 'location'): LocationFields {
  if (input === undefined) return {};
  if (typeof input === 'string') return input.trim() ? { location: input.trim() } : {};
  const raw = input.lat !== undefined && input.lng !== undefined ? { lat: input.lat, lng: input.lng } : undefined;
  // Converted only when in range: an out-of-range point reaches the decider as given, and it names the field.
  const inRange = raw && Math.abs(raw.lat) <= 90 && Math.abs(raw.lng) <= 180;
  const point = raw && inRange && input.coordinateSystem === 'gcj02' ? gcj02ToWgs84(raw) : raw;
  if (input.districtCode && !districts.byCode(input.districtCode)) {
    throw badInput(`${field}.districtCode`, 'knownDistrict', `unknown district ${input.districtCode}`);
  }
  const districtCode = input.districtCode ?? (point && inRange ? districts.at(point)?.code : undefined);
  return {
    ...(input.address?.trim() && { location: input.address.trim() }),
    ...(point && { point }),
    ...(districtCode && { districtCode }),
  };
}
