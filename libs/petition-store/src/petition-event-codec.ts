import { randomBytes } from 'node:crypto';
import { PERSONAL_POINTS, PERSONAL_TEXT, type GeoPoint, type PetitionEvent } from '@wenzheng/petition';
import type { Decoder } from '@wenzheng/projector';
import { MASK_NAME_RULES, maskName, redactText } from '@wenzheng/redaction';
import { publicPoint } from '@wenzheng/reference-data';
import { Envelope, PublishedSubject, SubjectKeyStore, isEnvelope, open, seal } from './subject-key-store';
import type { PhoneBlindIndex } from './phone-blind-index';

/** What an erased citizen block reads as: the fields are gone, and say so. */
export const ERASED_CITIZEN = Object.freeze({ name: '', phone: '', erased: true as const });

export const subjectOf = (petitionId: string) => `petition:${petitionId}`;

/** The event types that carry free text, and its fields (PERSONAL_TEXT without the empty entries). */
export const SEALED_TEXT: Readonly<Partial<Record<string, readonly string[]>>> = Object.fromEntries(
  Object.entries(PERSONAL_TEXT).filter(([, fields]) => fields.length > 0),
);

const SEALED_POINTS: Readonly<Partial<Record<string, readonly string[]>>> = PERSONAL_POINTS;

/** Whether the store seals something of this event type: free text, or an exact point. */
const seals = (type: string): boolean => SEALED_TEXT[type] !== undefined || SEALED_POINTS[type] !== undefined;

/** Stored in the sealed shape (a redacted copy beside the sealed block), not as events were before sealing. */
const sealedShape = (stored: Stored): boolean => {
  const data = stored.data as Data | null;
  return seals(stored.type) && !!data && typeof data.redacted === 'object' && data.redacted !== null;
};

const isPoint = (v: unknown): v is GeoPoint => typeof v === 'object' && v !== null && 'lat' in v && 'lng' in v;

/** The exact points of PERSONAL_POINTS the event carries. */
const pointsOf = (type: string, data: Data): Record<string, GeoPoint> => {
  const fields = SEALED_POINTS[type];
  // Most types carry none: no arrays made for them (every event of a rebuild comes here).
  return fields ? Object.fromEntries(fields.flatMap((f) => (isPoint(data[f]) ? [[f, data[f]]] : []))) : {};
};

/** The same points as public routes show them. */
const roundedPoints = (type: string, data: Data): Record<string, GeoPoint> =>
  Object.fromEntries(Object.entries(pointsOf(type, data)).map(([f, p]) => [f, publicPoint(p)]));

/** What the write side knows when it encodes: the names to mask in the public copy. */
export interface EncodeContext {
  /** The citizen's name(s) as known at write time (empty once erased). A PetitionSubmitted brings its own. */
  readonly names?: readonly string[];
  /** The citizen's data was erased: the name is not known, so anything reading as a name is masked (redactText's nameUnknown). */
  readonly erased?: boolean;
}

type Data = Record<string, unknown>;
type Stored = { type: string; data: unknown };

const nameOf = (event: { type: string; data: unknown }): string | undefined => {
  if (event.type !== 'PetitionSubmitted') return undefined;
  const name = (event.data as { citizen?: { name?: unknown } } | null)?.citizen?.name;
  return typeof name === 'string' && name.trim() ? name : undefined;
};

/**
 * What may be published of a case's citizen, kept beside the case's key from its submission on:
 * the name as shown (surname plus *) and the phone's blind index. A read as published (a projection,
 * a rebuild) takes the citizen from it instead of opening the sealed block; it goes with the key.
 */
export interface PublishedCitizen extends PublishedSubject {
  readonly display: string;
  readonly phoneIndex?: string;
  /**
   * The iv of the sealed block it was derived from: it is kept before the submission is appended, so
   * one kept for a submission that was never appended (a lost race for the same id, a failed append)
   * is never taken for the one that was.
   */
  readonly sealedIv: string;
}

/** The citizen's name from a case's decoded events (none once erased): what encode masks. */
export const citizenNamesIn = (events: ReadonlyArray<{ type: string; data: unknown }>): string[] =>
  events.flatMap((e) => nameOf(e) ?? []).slice(0, 1);

/**
 * The boundary between domain events and what is stored. Everything a citizen wrote or that may
 * name them (the citizen block, every free text of PERSONAL_TEXT and every exact point of
 * PERSONAL_POINTS) is sealed with the case's data subject key (crypto-shredding); beside it, in
 * clear, a copy of each free text redacted at write time with the citizen's name known then, and
 * each point rounded as public routes show it. Destroying the key leaves only those copies.
 *
 * `decode` gives the event as decided while the key lives (the redacted copies and an erased
 * citizen after). `decodePublished` gives what may be published: always the redacted copies, so
 * a projection never redacts and a rebuild after erasure makes the same rows as before it.
 * Events stored before this shape (free text in clear, no `redacted` block) read as they were.
 * The integrity hash covers the stored form, so erasure never breaks it.
 */
export class PetitionEventCodec {
  /**
   * What rules a PublishedCitizen is made under: maskName's, and the blind index's key. One made
   * under others (a changed mask, a new secret) is not used: the citizen is read from the sealed block.
   * Defined with a phone index only.
   */
  private readonly publishedRules: string | undefined;

  constructor(
    private readonly keys?: SubjectKeyStore,
    /** Gives the published citizen block its phone's blind index (staff search by phone number). */
    private readonly phoneIndex?: PhoneBlindIndex,
  ) {
    this.publishedRules = phoneIndex ? `name:${MASK_NAME_RULES};phone:${phoneIndex.keyId}` : undefined;
  }

  async encode(event: PetitionEvent, petitionId: string, context: EncodeContext = {}): Promise<Stored> {
    if (!seals(event.type) || !this.keys) return { type: event.type, data: event.data };
    const data = event.data as unknown as Data;
    const submitted = event.type === 'PetitionSubmitted';
    const fields = SEALED_TEXT[event.type] ?? [];
    const texts = Object.fromEntries(fields.flatMap((f) => (typeof data[f] === 'string' ? [[f, data[f] as string]] : [])));
    const points = pointsOf(event.type, data);
    if (!submitted && Object.keys(texts).length + Object.keys(points).length === 0) return { type: event.type, data: event.data };

    const sealed = (k: string) => k in texts || k in points || (submitted && k === 'citizen');
    const rest = Object.fromEntries(Object.entries(data).filter(([k]) => !sealed(k)));
    const names = submitted ? citizenNamesIn([event]) : [...(context.names ?? [])];
    // The public copies: each text redacted, each point rounded (what projections may show).
    const redacted = {
      ...Object.fromEntries(
        Object.entries(texts).map(([f, v]) => [f, redactText(v, { names, nameUnknown: context.erased === true && names.length === 0 })]),
      ),
      ...roundedPoints(event.type, data),
    };
    const subject = subjectOf(petitionId);
    const personal = submitted ? { ...texts, ...points, citizen: data.citizen } : { ...texts, ...points };
    const iv = randomBytes(12);
    const key = submitted ? await this.keys.keyFor(subject, this.publishedCitizen(data.citizen, iv)) : await this.keys.liveKey(subject);
    // Once the case's key is destroyed nothing new is sealed: only the redacted copy is kept.
    return { type: event.type, data: { ...rest, ...(key ? { personal: seal(key, subject, petitionId, personal, iv) } : {}), redacted } };
  }

  async decode(stored: Stored): Promise<PetitionEvent> {
    return this.read(stored, false);
  }

  /**
   * The event as it may be published: free text only as the copy redacted at write time, and a
   * submission's citizen as PublishedCitizen (`{ display, phoneIndex }`, kept beside the key; the
   * sealed block is opened only for a case submitted before it was kept, or under other rules).
   */
  async decodePublished(stored: Stored): Promise<PetitionEvent> {
    const now = this.publishedWithoutKey(stored);
    if (now) return now;
    const kept = await this.keptCitizen(stored);
    if (kept) return kept;
    const event = await this.read(stored, true);
    return event.type === 'PetitionSubmitted' ? this.withPublishedCitizen(event) : event;
  }

  /** What may be published of a submission's citizen (none from a codec that cannot index the phone). */
  private publishedCitizen(citizen: unknown, sealedIv: Buffer): PublishedCitizen | undefined {
    const rules = this.publishedRules; // defined with a phone index only
    const shown = rules ? this.shownCitizen(citizen) : undefined;
    return rules && shown ? { rules, ...shown, sealedIv: sealedIv.toString('base64') } : undefined;
  }

  /** The citizen as projections get it: the name as shown and the phone's index, never either in clear. */
  private shownCitizen(citizen: unknown): { display: string; phoneIndex?: string } | undefined {
    const c = citizen as { name?: unknown; phone?: unknown } | undefined;
    if (typeof c?.name !== 'string' || !c.name.trim()) return undefined;
    const phoneIndex = this.phoneIndex && typeof c.phone === 'string' ? this.phoneIndex.of(c.phone) : undefined;
    return { display: maskName(c.name), ...(phoneIndex && { phoneIndex }) };
  }

  /** A sealed submission read as published from what is kept beside its key, without opening it; undefined when nothing usable is kept. */
  private async keptCitizen(stored: Stored): Promise<PetitionEvent | undefined> {
    if (stored.type !== 'PetitionSubmitted' || !this.keys) return undefined;
    const data = stored.data as Data;
    const { personal, redacted, ...rest } = (data ?? {}) as { personal?: unknown; redacted?: unknown } & Data;
    if (!isEnvelope(personal) || typeof redacted !== 'object' || redacted === null) return undefined;
    // only this case's own block (opening it would check the same, as its authenticated data)
    if (personal.subject !== subjectOf(String(rest.petitionId))) return undefined;
    const entry = await this.keys.entry(personal.subject);
    // once erased, read() says so the way it always has (an erased citizen)
    if (!entry.key) return undefined;
    const kept = entry.published as Partial<PublishedCitizen> | null;
    if (!kept || kept.rules !== this.publishedRules || kept.sealedIv !== personal.iv || typeof kept.display !== 'string') return undefined;
    const citizen = { display: kept.display, ...(typeof kept.phoneIndex === 'string' && { phoneIndex: kept.phoneIndex }) };
    // as read() gives it: a point stored in clear rounded, then the redacted copies, then the citizen
    return {
      type: stored.type,
      data: { ...rest, ...roundedPoints(stored.type, rest), ...(redacted as Data), citizen },
    } as unknown as PetitionEvent;
  }

  /**
   * A submission read from its sealed block (or stored in clear) as published: its citizen as the
   * kept path gives it, `{ display, phoneIndex }` (the index while the phone can be read), never the
   * name or the number; an erased or absent citizen as it is.
   */
  private withPublishedCitizen(event: PetitionEvent & { type: 'PetitionSubmitted' }): PetitionEvent {
    const shown = this.shownCitizen(event.data.citizen);
    if (!shown) return event;
    return { type: event.type, data: { ...event.data, citizen: shown as unknown as typeof event.data.citizen } };
  }

  /**
   * What every projector and rebuild decodes with: the events as published, beside the stored one.
   * Every event but a submission is published without its key, so it is given at once rather than
   * as a promise: a rebuild decodes some seven events a case, and awaiting each cost it a few percent.
   */
  readonly projectionDecoder: Decoder = (recorded) => {
    const now = this.publishedWithoutKey(recorded);
    if (now) return { type: now.type, data: now.data, recorded };
    return this.decodePublished(recorded).then((e) => ({ type: e.type, data: e.data, recorded }));
  };

  /**
   * The event as published when that needs no key: every type but a submission (whose citizen is
   * shown, from what is kept beside the key or from its sealed block). Undefined for a submission.
   */
  private publishedWithoutKey(stored: Stored): PetitionEvent | undefined {
    return stored.type === 'PetitionSubmitted' ? undefined : this.view(stored, true, null);
  }

  private async read(stored: Stored, published: boolean): Promise<PetitionEvent> {
    const personal = sealedShape(stored) ? (stored.data as Data).personal : undefined;
    // A published read needs the key only for the citizen's name (shown as surname plus *).
    const opened =
      isEnvelope(personal) && (stored.type === 'PetitionSubmitted' || !published)
        ? await this.open(personal, String((stored.data as Data).petitionId))
        : null;
    return this.view(stored, published, opened);
  }

  /** read's event, given its sealed block opened (null: not opened, or its key is gone). */
  private view(stored: Stored, published: boolean, opened: Data | null): PetitionEvent {
    const data = stored.data as Data;
    const submitted = stored.type === 'PetitionSubmitted';
    if (!sealedShape(stored)) {
      return { type: stored.type, data: published ? legacyPublished(stored.type, data) : data } as PetitionEvent;
    }
    const { personal: _sealed, redacted, ...rest } = data as { personal?: unknown; redacted: Data } & Data;
    const erasedCitizen = submitted ? { citizen: ERASED_CITIZEN } : {};
    // A petition the system forwarded from a source sealed no citizen: it reads without one.
    const citizen = opened ? (opened.citizen !== undefined ? { citizen: opened.citizen } : {}) : erasedCitizen;
    const view = published ? { ...redacted, ...(submitted ? citizen : {}) } : (opened ?? { ...redacted, ...erasedCitizen });
    // A point stored in clear (before points were sealed) is published rounded all the same.
    const clearPoints = published ? roundedPoints(stored.type, rest) : {};
    return { type: stored.type, data: { ...rest, ...clearPoints, ...view } } as PetitionEvent;
  }

  private async open(envelope: Envelope, petitionId: string): Promise<Data | null> {
    const key = this.keys ? await this.keys.lookup(envelope.subject) : null;
    return key ? open<Data>(key, petitionId, envelope) : null;
  }

  /** Warms the key cache for a batch of stored events (one query instead of one per event). */
  async prefetch(stored: ReadonlyArray<Stored>): Promise<void> {
    if (!this.keys) return;
    const subjects = stored.flatMap((s) => {
      const p = (s.data as { personal?: unknown } | null)?.personal;
      return isEnvelope(p) ? [p.subject] : [];
    });
    if (subjects.length) await this.keys.prefetch(subjects);
  }
}

/**
 * An event stored before free text was sealed: its text redacted now, with the name its own
 * PetitionSubmitted carries (later events of that era are redacted without the name, which only
 * the case's first event knows).
 */
function legacyPublished(type: string, data: Data): Data {
  const fields = SEALED_TEXT[type];
  if (!fields || !data) return data;
  const names = citizenNamesIn([{ type, data }]);
  const out = { ...data, ...roundedPoints(type, data) };
  for (const f of fields) if (typeof out[f] === 'string') out[f] = redactText(out[f] as string, { names });
  return out;
}
