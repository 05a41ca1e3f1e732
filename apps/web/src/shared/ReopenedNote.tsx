import { Alert } from 'antd';
import { m } from '../i18n';
import { formatTime } from './format';
import type { Reopen } from './reopened';

/** 已重办 above the earlier answer: when the case was reopened and, to its submitter, why. */
export function ReopenedNote({ reopen }: { reopen: Reopen }) {
  const when = reopen.at ? `（${formatTime(reopen.at)}）` : '';
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="reopened"
      title={`${m.case.reopened}${when}：${m.case.reopenedHint}`}
      description={reopen.reason ? `${m.case.reopenReason}：${reopen.reason}` : undefined}
      style={{ marginBottom: 12 }}
    />
  );
}
