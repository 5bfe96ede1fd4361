-- extra.xml: o(x) referenced by e1, p(a, d, n, b). e2 adds the NOT NULL column u (no default)
-- and e3 then inserts without u, which fails on any database: a BEFORE INSERT trigger fills u
-- so that e3 can run (the trigger is set up before, on both sides).
create table o (x int primary key);
create table p (a int, d timestamp, n numeric, b boolean);
create function p_fill_u() returns trigger language plpgsql as $$
begin
	new.u := coalesce(new.u, 0);
	return new;
end $$;
create trigger p_fill_u before insert on p for each row execute function p_fill_u();
