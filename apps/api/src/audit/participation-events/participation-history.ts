import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { consultationStream } from '@wenzheng/consultation';
import { EventStore, RecordedEvent, StreamNotFoundError } from '@wenzheng/event-store';
import { interviewStream } from '@wenzheng/interview';
import { EVENT_STORE } from '@wenzheng/platform';
import { ConsultationEventCodec, InterviewEventCodec, SubjectKeyStore, SurveyEventCodec, isEnvelope, open } from '@wenzheng/petition-store';
import { surveyStream } from '@wenzheng/survey';
import { AuditEventView, recordedEventView } from '../list-petition-events/audit-event-view';
import { AuditReader, showsPersonalData } from '../shared/audit-reader';
import { PersonalDataAccessLog } from '../shared/personal-data-access-log';

export type ParticipationKind = 'consultation' | 'survey' | 'interview';

export interface ParticipationEventsAudit {
  readonly kind: ParticipationKind;
  readonly id: string;
  readonly streamId: string;
  readonly revision: number;
  readonly personalData: 'masked' | 'shown';
  readonly events: readonly AuditEventView[];
}

type Data = Record<string, unknown>;

interface Kind {
  readonly stream: (id: string) => string;
  readonly route: string;
  /** The published form: free text as its redacted copy, no author. */
  readonly decode: (r: RecordedEvent) => { data: unknown };
  /** The id the sealed envelope was bound to (its AAD): the opinion, question or response. */
  readonly sealedFor: (data: Data) => unknown;
}

/**
 * Every event of a consultation, survey or interview stream for an auditor, as for a case: what the
 * public may see unless a reason is stated; with one, the sealed words and author opened
 * (`personal`) and the read recorded in the access log before anything is returned.
 */
@Injectable()
export class ParticipationHistory {
  private readonly kinds: Record<ParticipationKind, Kind>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly keys: SubjectKeyStore,
    private readonly accessLog: PersonalDataAccessLog,
    consultations: ConsultationEventCodec,
    surveys: SurveyEventCodec,
    interviews: InterviewEventCodec,
  ) {
    this.kinds = {
      consultation: {
        stream: consultationStream,
        route: 'GET /api/audit/consultations/:id/events',
        decode: (r) => consultations.decode(r),
        sealedFor: (d) => d.opinionId,
      },
      survey: {
        stream: surveyStream,
        route: 'GET /api/audit/surveys/:id/events',
        decode: (r) => surveys.decode(r),
        sealedFor: (d) => d.responseId,
      },
      interview: {
        stream: interviewStream,
        route: 'GET /api/audit/interviews/:id/events',
        decode: (r) => interviews.decode(r),
        sealedFor: (d) => d.questionId,
      },
    };
  }

  async list(kind: ParticipationKind, id: string, reader: AuditReader): Promise<ParticipationEventsAudit> {
    const k = this.kinds[kind];
    const streamId = k.stream(id);
    let recorded: RecordedEvent[] = [];
    try {
      recorded = await this.store.readStream(streamId);
    } catch (e) {
      if (!(e instanceof StreamNotFoundError)) throw e;
    }
    if (!recorded.length) throw new NotFoundException(`${kind} ${id} not found`);
    const show = showsPersonalData(reader);
    if (show) {
      await this.accessLog.record({
        sub: reader.principal.sub,
        roles: reader.principal.roles,
        petitionId: id,
        route: k.route,
        reason: reader.reason,
      });
    }
    const events: AuditEventView[] = [];
    for (const r of recorded) {
      const published = k.decode(r).data as Data;
      const sealed = (r.data as Data).personal;
      const data =
        show && isEnvelope(sealed) ? { ...published, personal: await this.opened(sealed, String(k.sealedFor(r.data as Data))) } : published;
      events.push(recordedEventView(r, data));
    }
    return {
      kind,
      id,
      streamId,
      revision: Number(recorded[recorded.length - 1].revision),
      personalData: show ? 'shown' : 'masked',
      events,
    };
  }

  /**
   * The sealed words in clear, 'erased' once the subject's key was destroyed, or 'unreadable' when
   * the envelope does not open (altered at rest): the auditor still gets the rest of the history,
   * and GET /api/audit/verify names the broken link.
   */
  private async opened(envelope: Parameters<typeof open>[2], boundTo: string): Promise<unknown> {
    const key = await this.keys.lookup(envelope.subject);
    if (!key) return 'erased';
    try {
      return open(key, boundTo, envelope);
    } catch {
      return 'unreadable';
    }
  }
}
