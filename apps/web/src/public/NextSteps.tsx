import { Alert } from 'antd';
import { m } from '../i18n';
import type { PetitionView } from '../api/types';
import { formatTime } from '../shared/format';

/** Consented and not confidential: on the public site once accepted. */
export const awaitsPublication = (p: Pick<PetitionView, 'publicConsent' | 'confidential'>) =>
  p.publicConsent === true && p.confidential !== true;

/**
 * 接下来, told to the citizen of a case awaiting review: by when the hotline office reviews it (the API's
 * reviewBy, as the review queue counts it), then dispatch with its deadlines, publication (跟帖 only once
 * public) and the rating.
 */
export function NextSteps({ reviewBy, published }: { reviewBy?: string; published: boolean }) {
  const n = m.citizenNext;
  return (
    <Alert
      type="info"
      showIcon
      data-testid="next-steps"
      style={{ textAlign: 'left' }}
      title={n.title}
      description={
        <ol style={{ margin: 0, paddingInlineStart: 20 }}>
          <li>{reviewBy ? n.review(formatTime(reviewBy)) : n.reviewSoon}</li>
          <li>{n.dispatch}</li>
          <li>{published ? n.published : n.unpublished}</li>
          <li>{n.rate}</li>
        </ol>
      }
    />
  );
}
