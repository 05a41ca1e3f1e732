import { DEPT_A, DEPT_B, submission, useAppWithTokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

/** A UUID in capitals in a body names the same department or case as in lower case (RFC 9562 allows either). */
describe('ids written in capitals in a body', () => {
  const ctx = useAppWithTokens();
  const { post } = ctx;

  it('submit to a department and dispatch: the events carry the id in lower case, and that department works the case', async () => {
    const p = (
      await post('/api/petitions', undefined, submission({ addressee: { type: 'department', departmentId: DEPT_A.toUpperCase() } })).expect(
        201,
      )
    ).body as { id: string };
    await post(`/api/petitions/${p.id}/review`, ctx.tk.reviewer, { outcome: 'accepted' }).expect(200);
    const dispatched = await post(`/api/petitions/${p.id}/dispatch`, ctx.tk.reviewer, { departmentId: DEPT_B.toUpperCase() }).expect(200);
    expect(dispatched.body.departmentId).toBe(DEPT_B);
    // The department's own handler (its token names the id in lower case) may act on it.
    await post(`/api/petitions/${p.id}/acknowledge`, ctx.tk.handlerB, {}).expect(200);
    const { rows } = await ctx.t.runtime.pool.query<{ type: string; data: Record<string, unknown> }>(
      `select type, data from wz_es.events where stream_id = $1 order by revision`,
      [`petition-${p.id}`],
    );
    const ids =
      JSON.stringify(rows.map((r) => r.data)).match(/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g) ?? [];
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toBe(id.toLowerCase());
  });

  it("an admin sets a department's parent by an id in capitals: the tree holds the id as listed", async () => {
    await ctx.t
      .http()
      .patch(`/api/admin/departments/${DEPT_B}`)
      .set(bearer(ctx.tk.admin))
      .send({ parentId: DEPT_A.toUpperCase() })
      .expect(200);
    const list = (await ctx.t.http().get('/api/departments').set(bearer(ctx.tk.admin)).expect(200)).body.items as {
      id: string;
      parentId?: string;
    }[];
    expect(list.find((d) => d.id === DEPT_B)?.parentId).toBe(DEPT_A);
  });

  it('a filter by an id in capitals finds what the lower-case one finds', async () => {
    await ctx.t.waitForProjections();
    const lower = (await ctx.t.http().get(`/api/cases?departmentId=${DEPT_B}`).set(bearer(ctx.tk.supervisor)).expect(200)).body;
    const upper = (await ctx.t.http().get(`/api/cases?departmentId=${DEPT_B.toUpperCase()}`).set(bearer(ctx.tk.supervisor)).expect(200))
      .body;
    expect(lower.items).toHaveLength(1);
    expect(upper.items).toEqual(lower.items);
  });
});
