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

it('masks a name typed into an opinion, a question or a survey answer in the copy the public reads (the author is unknown)', async () => {
  // An attacking helper (2026-12-07): "我是王小明，王小明女士建议…" was published as typed, though the
  // routes say a name typed in is masked in every public copy. The author is an account or nobody, so
  // the text is read as a case's is after an erasure: whatever reads as a name is masked.
  const text = '我是王小明，联系人李娜，电话13987654321。';
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
  expect(copies).toEqual(Array(3).fill('我是王**，联系人李*，电话139****4321。'));
});
