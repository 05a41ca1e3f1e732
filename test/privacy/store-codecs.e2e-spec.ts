import type { INestApplicationContext } from '@nestjs/common';
import type { ConsultationEvent } from '@wenzheng/consultation';
import type { InterviewEvent } from '@wenzheng/interview';
import type { PetitionEvent } from '@wenzheng/petition';
import { ConsultationEventCodec, InterviewEventCodec, PetitionEventCodec, SurveyEventCodec } from '@wenzheng/petition-store';
import type { SurveyEvent } from '@wenzheng/survey';
import { createWorkerContext } from '../../apps/worker/src/worker-app.module';
import { createTestApp, TestApp } from '../setup/app';

// The codecs are plain classes that Nest builds in one place (PetitionStorageModule, with the key
// store): a module that listed a codec class as its own provider would get one without keys, which
// stores personal text in clear. Each application's codecs must seal.

const TEXT = '我是欧阳娜娜，电话13987654321。';
const at = '2025-03-03T02:00:00.000Z';
const sealed = (stored: { data: unknown }) => (stored.data as { personal?: { $enc?: string } }).personal?.$enc;

async function expectEverySeals(app: INestApplicationContext, names: readonly ('petition' | 'consultation' | 'interview' | 'survey')[]) {
  const stored = {
    petition: () =>
      app
        .get(PetitionEventCodec)
        .encode(
          { type: 'PetitionResponded', data: { petitionId: 'p-1', at, departmentId: 'd-1', answer: TEXT } } as unknown as PetitionEvent,
          'p-1',
        ),
    consultation: () =>
      app.get(ConsultationEventCodec).encode({
        type: 'OpinionSubmitted',
        data: { consultationId: 'c-1', at, opinionId: 'o-1', text: TEXT, anonymous: false, private: false, author: 'citizen-1' },
      } as unknown as ConsultationEvent),
    interview: () =>
      app.get(InterviewEventCodec).encode({
        type: 'InterviewQuestionSubmitted',
        data: { interviewId: 'i-1', at, questionId: 'q-1', text: TEXT, anonymous: false, author: 'citizen-1' },
      } as unknown as InterviewEvent),
    survey: () =>
      app.get(SurveyEventCodec).encode({
        type: 'SurveyResponseRecorded',
        data: { surveyId: 's-1', at, responseId: 'r-1', respondentKey: 'k', via: 'account', answers: [{ questionId: 'q1', text: TEXT }] },
      } as unknown as SurveyEvent),
  };
  for (const name of names) {
    const result = await stored[name]();
    expect({ name, sealed: sealed(result), clear: JSON.stringify(result.data).includes('13987654321') }).toEqual({
      name,
      sealed: 'aes-256-gcm',
      clear: false,
    });
  }
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

it('the API seals personal text with every codec', async () => {
  await expectEverySeals(t.app, ['petition', 'consultation', 'interview', 'survey']);
});

it('the worker seals what its consultation watcher and deadline watcher append', async () => {
  const worker = await createWorkerContext(t.runtime, { logger: false });
  try {
    await expectEverySeals(worker, ['petition', 'consultation']);
  } finally {
    await worker.close();
  }
});

it('an opinion, a question or a survey answer: numbers masked in the copy the public reads, ordinary words as written', async () => {
  // Decided (2026-12-07): participation text is read without guessing at names. Its author is an
  // account or nobody; a reading that guessed (as after an erasure) masked ordinary civic words
  // (我是周边居民 → 我是周**民, 导致车辆拥堵 → 导致车**堵: a third attack), and the public copy is
  // stored when the text is written. Opinions and questions are published by a moderator.
  const text = '我是周边居民，导致车辆拥堵，市民高度关注，电话13987654321。';
  const copies = [
    (
      await t.app.get(ConsultationEventCodec).encode({
        type: 'OpinionSubmitted',
        data: { consultationId: 'c-1', at, opinionId: 'o-2', text, anonymous: true, private: false },
      } as unknown as ConsultationEvent)
    ).data as { redacted: { text: string } },
    (
      await t.app.get(InterviewEventCodec).encode({
        type: 'InterviewQuestionSubmitted',
        data: { interviewId: 'i-1', at, questionId: 'q-2', text, anonymous: true },
      } as unknown as InterviewEvent)
    ).data as { redacted: { text: string } },
  ].map((d) => d.redacted.text);
  const survey = (
    await t.app.get(SurveyEventCodec).encode({
      type: 'SurveyResponseRecorded',
      data: { surveyId: 's-1', at, responseId: 'r-2', respondentKey: 'k2', via: 'account', answers: [{ questionId: 'q1', text }] },
    } as unknown as SurveyEvent)
  ).data as { answers: { text: string }[] };
  copies.push(survey.answers[0].text);
  expect(copies).toEqual(Array(3).fill('我是周边居民，导致车辆拥堵，市民高度关注，电话139****4321。'));
});
