-- actuals_monthly holds derived rows: the store writes them only from `actuals`, in the same statement's
-- transaction (Sources/ParleyStore/Planning.swift), and `actuals` keeps its foreign key to `users`. The second
-- key checked every monthly sum against `users` again: 4.4 million checks when a 100,000-rep demo is seeded,
-- and one more per month touched by every upload, for no fact of its own (like assignment_figures, 0009).
ALTER TABLE actuals_monthly DROP CONSTRAINT actuals_monthly_org_id_user_id_fkey;
