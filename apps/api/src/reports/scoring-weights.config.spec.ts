import { ConfigError, loadConfig } from '@wenzheng/platform';
import { DEFAULT_WEIGHTS } from '@wenzheng/scoring';

// SCORING_WEIGHTS (libs/platform config) feeds the SCORING_WEIGHTS provider that the report and the
// public ranking score with; a bad value stops start-up with a message naming the variable.

const problem = (value: string): ConfigError => {
  try {
    loadConfig({ SCORING_WEIGHTS: value });
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error(`SCORING_WEIGHTS=${value} was accepted`);
};

describe('SCORING_WEIGHTS', () => {
  it('defaults to the weights of docs/scoring.md', () => {
    expect(loadConfig({}).scoringWeights).toEqual(DEFAULT_WEIGHTS);
    expect(loadConfig({ SCORING_WEIGHTS: '' }).scoringWeights).toEqual(DEFAULT_WEIGHTS);
  });

  it('reads JSON; missing keys keep the defaults', () => {
    expect(loadConfig({ SCORING_WEIGHTS: '{"missedAcknowledgement":1,"automaticEscalation":5}' }).scoringWeights).toEqual({
      missedAcknowledgement: 1,
      missedResponse: 1,
      automaticEscalation: 5,
      unsatisfiedRating: 0.5,
      overdueConsultationSummary: 2,
      overdueAssistance: 0.5,
      missedReview: 0.5,
    });
  });

  it.each([
    ['not JSON', '{missedResponse: 1}', /JSON object/],
    ['null', 'null', /JSON object/],
    ['an array', '[1,2]', /object/],
    ['a negative weight', '{"missedResponse":-1}', /missedResponse must be a number ≥ 0/],
    ['a string weight', '{"missedResponse":"1"}', /missedResponse/],
    ['an unknown key', '{"lateReply":1}', /unknown key\(s\) lateReply/],
  ])('refuses %s, naming the variable', (_, value, message) => {
    const e = problem(value);
    expect(Object.keys(e.problems)).toEqual(['SCORING_WEIGHTS']);
    expect(e.message).toContain('SCORING_WEIGHTS');
    expect(e.problems.SCORING_WEIGHTS).toMatch(message);
  });
});
