// `#/plans/{id}`: the screen the caller's role starts on.
export async function show(ctx) {
  const { plan } = ctx.params;
  if (ctx.me.user.role === 'rep') location.replace(`#/plans/${plan}/targets/${ctx.me.user.id}`);
  else if (ctx.me.user.role === 'leader') location.replace(`#/plans/${plan}/approval`);
  else location.replace(`#/plans/${plan}/team`);
}
