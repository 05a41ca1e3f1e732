import { Alert, Card, Descriptions, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { PetitionStep, PetitionView } from '../../../api/types';
import { label, m } from '../../../i18n';
import { formatTime } from '../../../shared/format';
import { Loading, Problem } from '../../../shared/Problem';
import { overdueDeadlines } from '../../../shared/Steps';
import { TAG } from '../../../shared/colors';
import { useDepartmentName } from '../../../shared/reference';
import { CasePage, useStaffCase } from '../../staff-case';
import { SupervisorDecisions, nextStep, type Decided, type Offers } from './decisions';

const s = () => m.console.supervision;

/**
 * A case behind 督办待办, as the supervisor reads it (GET /api/petitions/:id: personal data masked, as the
 * API gives it to oversight without a stated reason): the complaint, its department, its deadlines and
 * which were missed, the answers, the citizen's rating and comment, the whole history, and the
 * decisions the case waits for from the office.
 */
export default function SupervisorCase() {
  const { id = '' } = useParams();
  const q = useStaffCase(id);
  const [decided, setDecided] = useState<Decided>();
  if (q.isPending) return <Loading />;
  if (q.isError) return <Problem error={q.error} />;
  const p = q.data;
  const offers = offersOf(p);
  const any = Boolean(offers.extension || offers.reopenOrClose || offers.escalate);
  return (
    <>
      <Link to="/inbox" style={{ display: 'inline-block', marginBottom: 12 }}>
        {`← ${s().backToInbox}`}
      </Link>
      <CasePage key={p.id} p={p}>
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{s().decide}</h2>} style={{ marginBottom: 16 }}>
          {decided && (
            <Alert
              type="success"
              showIcon
              data-testid="decision-next"
              title={nextStep(decided)}
              action={<Link to="/inbox">{s().backToInbox}</Link>}
              style={{ marginBottom: 12 }}
            />
          )}
          {any ? (
            <>
              <SupervisorDecisions caseId={p.id} trackingCode={p.trackingCode} offers={offers} onDecided={setDecided} />
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                {s().citizenReads}
              </Typography.Paragraph>
            </>
          ) : (
            <Typography.Paragraph data-testid="nothing-to-decide" style={{ marginBottom: 0 }}>
              {s().nothingToDecide}
            </Typography.Paragraph>
          )}
        </Card>
        <Oversight p={p} />
      </CasePage>
    </>
  );
}

/**
 * What the case waits for from the office, read from its state: a pending extension request; an
 * unsatisfied rating not yet reopened or closed (重办 / 结案, or 督办); a case a department holds (督办).
 * The decider has the last word (409 when the case moved on).
 */
export function offersOf(p: PetitionView): Offers {
  const unsatisfied = p.status === 'rated' && p.lastRating === 'unsatisfied';
  return {
    ...(p.pendingExtension && { extension: { requestedRespondBy: p.pendingExtension.requestedRespondBy } }),
    ...(unsatisfied && { reopenOrClose: true }),
    ...((unsatisfied || p.status === 'dispatched' || p.status === 'in_progress') && { escalate: true }),
  };
}

const deadlineName = (deadline?: string) => (deadline === 'acknowledgement' ? m.case.acknowledgeBy : m.case.respondBy);

/**
 * The deadlines the office judges by: those recorded as missed (亮红灯), and those passed now and not yet
 * recorded (the watcher runs every few minutes; Steps' overdueDeadlines reads the reader's clock).
 */
function missedDeadlines(steps: readonly PetitionStep[], now: Date): { deadline: string; dueAt: string }[] {
  const missed = steps
    .filter((x) => x.step === 'deadline_missed' && x.dueAt)
    .map((x) => ({ deadline: x.deadline ?? 'response', dueAt: x.dueAt! }));
  const open = overdueDeadlines(steps, now);
  const passed = [
    ...(open.acknowledge !== undefined ? [{ deadline: 'acknowledgement', dueAt: steps[open.acknowledge].acknowledgeBy! }] : []),
    ...(open.respond !== undefined ? [{ deadline: 'response', dueAt: steps[open.respond].respondBy! }] : []),
  ];
  const same = (a: { deadline: string; dueAt: string }, b: { deadline: string; dueAt: string }) =>
    a.deadline === b.deadline && Date.parse(a.dueAt) === Date.parse(b.dueAt);
  return [...missed, ...passed.filter((x) => !missed.some((y) => same(x, y)))];
}

/** The department, the deadlines and which were missed, the answers and the ratings. */
function Oversight({ p }: { p: PetitionView }) {
  const department = useDepartmentName()(p.departmentId);
  const steps = p.steps ?? [];
  const missed = missedDeadlines(steps, new Date());
  const answers = steps.filter((x) => x.step === 'answered');
  const ratings = steps.filter((x) => x.step === 'rated');
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{s().overview}</h2>} data-testid="oversight">
      {p.personalData === 'masked' && (
        <Typography.Paragraph type="secondary" data-testid="masked-note">
          {s().masked}
        </Typography.Paragraph>
      )}
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'dept', label: s().department, children: <span data-testid="oversight-department">{department ?? '—'}</span> },
          ...(p.acknowledgeBy ? [{ key: 'ack', label: m.case.acknowledgeBy, children: formatTime(p.acknowledgeBy) }] : []),
          ...(p.respondBy ? [{ key: 'resp', label: m.case.respondBy, children: formatTime(p.respondBy) }] : []),
          {
            key: 'missed',
            label: s().missedDeadlines,
            children: missed.length ? (
              <ul style={{ margin: 0, paddingLeft: 16 }}>
                {missed.map((x) => (
                  <li key={`${x.deadline}@${x.dueAt}`} data-testid="missed-deadline">
                    {`${deadlineName(x.deadline)} ${formatTime(x.dueAt)} `}
                    <Tag color={TAG.red}>{m.case.overdue}</Tag>
                  </li>
                ))}
              </ul>
            ) : (
              s().noneMissed
            ),
          },
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 14, marginTop: 12 }}>
        {s().answers}
      </Typography.Title>
      {answers.length ? (
        answers.map((a, i) => (
          <div key={i} data-testid="oversight-answer" style={{ marginBottom: 8 }}>
            <Typography.Text type="secondary">
              {`${formatTime(a.at)} ${a.departmentName ?? ''}`}
              {a.onTime !== undefined && ' '}
            </Typography.Text>
            {a.onTime !== undefined && <Tag color={a.onTime ? TAG.green : TAG.red}>{a.onTime ? m.case.onTime : m.case.late}</Tag>}
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{a.answer}</Typography.Paragraph>
          </div>
        ))
      ) : (
        <Typography.Paragraph type="secondary">{s().noAnswer}</Typography.Paragraph>
      )}
      <Typography.Title level={3} style={{ fontSize: 14, marginTop: 12 }}>
        {s().rating}
      </Typography.Title>
      {ratings.length ? (
        ratings.map((r, i) => (
          <div key={i} data-testid="oversight-rating" style={{ marginBottom: 8 }}>
            <Tag color={r.satisfaction === 'unsatisfied' ? TAG.red : TAG.green}>{label(m.satisfaction, r.satisfaction)}</Tag>
            <Typography.Text type="secondary">{formatTime(r.at)}</Typography.Text>
            {r.comment && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{r.comment}</Typography.Paragraph>}
          </div>
        ))
      ) : (
        <Typography.Paragraph type="secondary">{s().noRating}</Typography.Paragraph>
      )}
    </Card>
  );
}
