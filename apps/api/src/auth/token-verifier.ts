import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify, JWTPayload, JWTVerifyResult } from 'jose';
import { ROLES as ALL_ROLES, Role } from '@wenzheng/petition';
import type { Principal } from './principal';

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class InvalidTokenError extends Error {}

/**
 * The longest a token may live, from its iat and from now: an issuer's long-lived token (or one
 * signed for years with a leaked secret) is refused rather than honoured until its far exp.
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;
const CLOCK_TOLERANCE_SECONDS = 30;
/**
 * Verified tokens kept, by their exact text: a client sends the same token on every request, and
 * verifying it again (HMAC or RSA, claims, JSON) was a visible share of a command's CPU.
 */
const VERIFIED_CACHE_SIZE = 10_000;
/**
 * How long a verified RS256 token is trusted without looking at the issuer's keys again: a key the
 * issuer withdraws stops admitting its cached tokens within this time, as a JWKS refresh would.
 */
const VERIFIED_CACHE_SECONDS = 60;

interface Verified {
  readonly principal: Principal;
  /** Epoch seconds: past this the token is verified again (and refused once expired). */
  readonly until: number;
}

export interface TokenVerifierOptions {
  /** HS256 shared secret. */
  readonly secret?: string;
  /** RS256 keys of an OIDC issuer. */
  readonly jwksUrl?: string;
  readonly issuer?: string;
  readonly audience?: string;
}

/** Verifies bearer tokens: HS256 with the shared secret, or RS256 against an issuer's JWKS. */
@Injectable()
export class TokenVerifier {
  private readonly secret?: Uint8Array;
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;
  /** Least recently used first (a Map keeps insertion order; a hit is moved to the end). */
  private readonly verified = new Map<string, Verified>();

  constructor(private readonly options: TokenVerifierOptions) {
    if (options.secret) this.secret = new TextEncoder().encode(options.secret);
    if (options.jwksUrl) this.jwks = createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  }

  async verify(token: string): Promise<Principal> {
    const now = Date.now() / 1000;
    const hit = this.verified.get(token);
    if (hit) {
      this.verified.delete(token);
      if (now < hit.until) {
        this.verified.set(token, hit);
        return hit.principal;
      }
    }
    const { principal, exp, alg } = await this.verifyFully(token);
    // Never past the moment jose would refuse it: exp, with the same clock tolerance.
    const until = Math.min(exp + CLOCK_TOLERANCE_SECONDS, alg === 'RS256' ? now + VERIFIED_CACHE_SECONDS : Infinity);
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { principal, until });
    return principal;
  }

  private async verifyFully(token: string): Promise<{ principal: Principal; exp: number; alg: string }> {
    const { payload, protectedHeader } = await this.verifySignature(token);
    const alg = protectedHeader.alg;
    boundedLifetime(payload);
    if (typeof payload.sub !== 'string' || !payload.sub) throw new InvalidTokenError('token has no sub');
    storableClaim('sub', payload.sub);
    const raw = payload.roles;
    const roles = (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : []).filter((r): r is Role =>
      (ALL_ROLES as readonly string[]).includes(r as string),
    );
    // A UUID in capitals names the same department: read as every route reads an id (lower case), so the
    // queues, the case and its commands agree (an attacking helper, 2026-12-07, saw a capitalised claim
    // list the department's cases yet get 404 on each).
    const claimed = typeof payload.departmentId === 'string' ? storableClaim('departmentId', payload.departmentId) : undefined;
    const departmentId = claimed !== undefined && UUID_SHAPE.test(claimed) ? claimed.toLowerCase() : claimed;
    const verifiedPhoneNumber = verifiedPhone(payload);
    // Frozen: one principal answers every request with this token.
    const principal = Object.freeze({
      sub: payload.sub,
      roles: Object.freeze(roles),
      departmentId,
      ...(verifiedPhoneNumber && { verifiedPhoneNumber }),
    });
    return { principal, exp: payload.exp as number, alg };
  }

  private async verifySignature(token: string): Promise<JWTVerifyResult> {
    // A token without exp would be valid forever: a leaked one could never be outlived.
    const common = {
      issuer: this.options.issuer,
      audience: this.options.audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp'],
    };
    const header = decodeHeader(token);
    try {
      if (header.alg === 'HS256' && this.secret) return await jwtVerify(token, this.secret, { ...common, algorithms: ['HS256'] });
      if (header.alg === 'RS256' && this.jwks) return await jwtVerify(token, this.jwks, { ...common, algorithms: ['RS256'] });
    } catch (e) {
      throw new InvalidTokenError((e as Error).message);
    }
    throw new InvalidTokenError(`tokens signed with ${header.alg ?? 'no algorithm'} are not accepted`);
  }
}

/** exp within MAX_TOKEN_LIFETIME_SECONDS of now, and of iat when the token has one. */
function boundedLifetime({ exp, iat }: JWTPayload): void {
  const limit = MAX_TOKEN_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS;
  const now = Math.floor(Date.now() / 1000);
  // jose has checked exp (required) and iat (when present) are numbers
  if (typeof iat === 'number' && iat > now + CLOCK_TOLERANCE_SECONDS)
    throw new InvalidTokenError('iat: a token cannot be issued in the future');
  if ((exp as number) - now > limit || (typeof iat === 'number' && (exp as number) - iat > limit)) {
    throw new InvalidTokenError(`exp: a token may live at most ${MAX_TOKEN_LIFETIME_SECONDS / 3600} h (from iat, and from now)`);
  }
}

// eslint-disable-next-line no-control-regex -- control characters (and lone surrogates) are what is refused.
const UNSTORABLE = /[\u0000-\u001f\u007f-\u009f]|\p{Cs}/u;

/**
 * sub and departmentId end up in event metadata (jsonb), the access log and SQL parameters, where
 * NUL or a lone surrogate fails only at the database: an issuer's odd claim is a 401, not a 500.
 */
function storableClaim(name: string, value: string): string {
  if (value.length > 256 || UNSTORABLE.test(value)) {
    throw new InvalidTokenError(`${name} must be at most 256 characters of well-formed Unicode without control characters`);
  }
  return value;
}

/**
 * `phone_number` when `phone_number_verified` is exactly true (OIDC's standard claims): a number
 * the user merely typed into a profile proves nothing, nor does the string "true". A claim of an
 * odd shape is no phone rather than a refused token; its use (a survey) checks what a number is.
 */
function verifiedPhone({ phone_number: phone, phone_number_verified: verified }: JWTPayload): string | undefined {
  return verified === true && typeof phone === 'string' && phone.length <= 64 ? phone : undefined;
}

function decodeHeader(token: string): { alg?: string } {
  const [h] = token.split('.');
  try {
    return JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg?: string };
  } catch {
    throw new InvalidTokenError('malformed token');
  }
}
