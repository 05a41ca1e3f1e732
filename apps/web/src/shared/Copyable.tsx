import { Typography } from 'antd';
import { m } from '../i18n';

/** A code someone will copy (a tracking code, an access key), bold with a copy button in Chinese. */
export function Copyable({ text, testId, code }: { text: string; testId: string; code?: boolean }) {
  return (
    <Typography.Text strong code={code} copyable={{ text, tooltips: [m.common.copy, m.common.copied] }} data-testid={testId}>
      {text}
    </Typography.Text>
  );
}
